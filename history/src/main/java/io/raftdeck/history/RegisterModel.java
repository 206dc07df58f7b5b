package io.raftdeck.history;

import java.util.Objects;

/**
 * The sequential specification of one key of the store: a register holding a string or
 * nothing (null), initially nothing. The checker asks whether each operation could have run
 * against a given state, and what state it leaves.
 */
final class RegisterModel {

    /** The state every key starts in: absent. */
    static final String INITIAL = null;

    private RegisterModel() {
    }

    /**
     * Whether {@code operation}, taking effect while the key holds {@code state}, would have
     * produced what its client saw. Only operations that took effect reach the model: a CAS
     * here is one that swapped, so it needs the expected value.
     */
    static boolean allows(String state, Operation operation) {
        return switch (operation.kind()) {
            case PUT, DELETE -> true;
            case GET -> Objects.equals(state, operation.result());
            case CAS -> Objects.equals(state, operation.expected());
        };
    }

    /** The key's state after {@code operation} took effect on {@code state}. */
    static String after(String state, Operation operation) {
        return switch (operation.kind()) {
            case PUT, CAS -> operation.value();
            case DELETE -> null;
            case GET -> state;
        };
    }
}
