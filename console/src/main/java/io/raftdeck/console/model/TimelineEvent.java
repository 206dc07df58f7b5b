package io.raftdeck.console.model;

import java.time.Instant;
import java.util.Objects;

/** Something that happened in the cluster, as the dashboard noticed it. */
public record TimelineEvent(Instant time, String text, EventKind kind) {

    public TimelineEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
    }
}
