package io.raftdeck.core.events;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An event record's components as name/value text, so every event kind has structured fields
 * without writing them out twice. Only called for events somebody receives.
 */
final class EventFields {

    private EventFields() {
    }

    static Map<String, String> of(RaftEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        RecordComponent[] components = event.getClass().getRecordComponents();
        if (components == null) {
            return fields;
        }
        for (RecordComponent component : components) {
            fields.put(component.getName(), text(value(event, component)));
        }
        return fields;
    }

    private static Object value(RaftEvent event, RecordComponent component) {
        try {
            return component.getAccessor().invoke(event);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of "
                    + event.getClass().getSimpleName(), e);
        }
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase();
        }
        return String.valueOf(value);
    }
}
