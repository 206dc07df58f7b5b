package io.raftdeck.history;

/** What the linearizability checker concluded about a history. */
public enum Verdict {
    /** Some order of the operations respects real time and the key/value model. */
    LINEARIZABLE,
    /** No such order exists: a client saw something a single correct store could not do. */
    NOT_LINEARIZABLE,
    /** The search spent its budget before deciding. */
    UNKNOWN
}
