package io.raftdeck.console.keys;

import java.util.Objects;

/**
 * What one key press asks for.
 *
 * @param argument the node position for {@link ActionKind#SELECT}, 0 otherwise
 */
public record KeyAction(ActionKind kind, int argument) {

    public static final KeyAction NONE = new KeyAction(ActionKind.NONE, 0);

    public KeyAction {
        Objects.requireNonNull(kind, "kind");
    }

    public static KeyAction of(ActionKind kind) {
        return new KeyAction(kind, 0);
    }

    public static KeyAction select(int position) {
        return new KeyAction(ActionKind.SELECT, position);
    }
}
