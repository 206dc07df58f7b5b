package io.raftdeck.console.state;

/**
 * The last kill or restart the dashboard did on one node. Status answers to requests sent
 * before {@code changedAtNanos} are thrown away, so a node never shows numbers from before it
 * was killed or restarted.
 */
public record LifecycleMark(boolean killed, long changedAtNanos) {

    public static final LifecycleMark NONE = new LifecycleMark(false, Long.MIN_VALUE);
}
