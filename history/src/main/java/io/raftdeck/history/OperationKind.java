package io.raftdeck.history;

/** What a client asked the key/value store to do with one key. */
public enum OperationKind {
    /** Set the key to a value. */
    PUT,
    /** Read the key's value, or learn that it is absent. */
    GET,
    /** Compare-and-set: set the key to a new value only if it holds the expected one. */
    CAS,
    /** Remove the key. */
    DELETE
}
