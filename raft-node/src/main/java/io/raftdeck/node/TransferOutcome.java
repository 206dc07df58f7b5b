package io.raftdeck.node;

/** A completed leadership transfer: {@code leaderId} leads in {@code term}. */
public record TransferOutcome(int leaderId, long term) {
}
