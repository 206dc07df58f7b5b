package io.raftdeck.statemachine;

import io.raftdeck.core.Entry;

/** A log entry as people read it: its position and its command in printable form. */
public record RenderedEntry(long index, long term, String command) {

    /** Renders {@code entry} with its command cut at about {@code maxChars} characters. */
    public static RenderedEntry of(Entry entry, int maxChars) {
        return new RenderedEntry(entry.index(), entry.term(),
                CommandRenderer.render(entry, maxChars));
    }
}
