package io.raftdeck.history;

/** What one linearizability search over one key concluded, and the steps it took. */
record SearchOutcome(Verdict verdict, long steps) {
}
