package io.raftdeck.console.model;

import java.util.Objects;

/** The result of the last key action, shown on the command line until the next one. */
public record ActionOutcome(String text, boolean failed) {

    public ActionOutcome {
        Objects.requireNonNull(text, "text");
    }

    public static ActionOutcome ok(String text) {
        return new ActionOutcome(text, false);
    }

    public static ActionOutcome failed(String text) {
        return new ActionOutcome(text, true);
    }
}
