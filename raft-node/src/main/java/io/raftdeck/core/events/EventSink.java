package io.raftdeck.core.events;

/**
 * Where a core (and the node around it) reports its {@link RaftEvent}s. Emitters ask
 * {@link #listening()} first and build no event when nobody listens, so a node without a
 * subscriber pays one field read per decision and allocates nothing. Called on the node's own
 * thread; an implementation must not block and must not call back into the core.
 */
public interface EventSink {

    /** Nobody listens: what a core reports to until it is given a sink. */
    EventSink NONE = new EventSink() {
        @Override
        public boolean listening() {
            return false;
        }

        @Override
        public void emit(RaftEvent event) {
        }
    };

    /** Whether an event built now would reach anyone. */
    boolean listening();

    void emit(RaftEvent event);
}
