package io.raftdeck.launcher.config;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code --print-config}: the value every setting of a command ended up with, as YAML that a
 * {@code --config} file may hold, each with its source as a comment. A flag that holds a
 * secret shows only that it is set; an unset flag is a comment, so the output loads back.
 */
final class EffectiveConfig {

    private static final Dump YAML = new Dump(DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.FLOW).build());

    private EffectiveConfig() {
    }

    static void print(CommandSpec spec, ConfigSources sources, PrintWriter out) {
        ParseResult parsed = spec.commandLine().getParseResult();
        out.println("# effective configuration of " + spec.qualifiedName()
                + "; precedence: flag > env RAFTDECK_<FLAG> > file > default");
        for (OptionSpec option : spec.options()) {
            if (!Settings.isSetting(option) || option.hidden()) {
                continue;
            }
            boolean matched = parsed != null && parsed.hasMatchedOption(option);
            String origin = sources == null ? (matched ? "flag" : "default")
                    : sources.origin(option, matched);
            String key = Settings.key(option);
            Object value = option.getValue();
            if (value == null) {
                out.println("# " + key + ": (not set)  # " + origin);
            } else if (Settings.isConfigOption(option)) {
                // A config file cannot name another: shown, as a comment, so the output loads.
                out.println("# " + key + ": " + value + "  # " + origin);
            } else if (Settings.isSecret(option)) {
                out.println("# " + key + ": (secret, not shown)  # " + origin);
            } else {
                out.println(key + ": " + render(value) + "  # " + origin);
            }
        }
        out.flush();
    }

    /** Numbers and switches as YAML numbers and booleans, anything else as its text. */
    private static String render(Object value) {
        return YAML.dumpToString(plain(value)).strip();
    }

    private static Object plain(Object value) {
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Collection<?> items) {
            List<Object> list = new ArrayList<>();
            items.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(plain(k), plain(v)));
            return copy;
        }
        return value.toString();
    }
}
