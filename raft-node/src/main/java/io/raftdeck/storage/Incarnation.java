package io.raftdeck.storage;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Which life of a node's data this is: a random number drawn when a data directory is first
 * claimed, kept in it, and shown to peers on every peer call. A node whose directory was
 * emptied or replaced comes back with a new one, so its peers can tell it from the node they
 * knew: the new one may have lost votes it cast and entries it acknowledged, and must not
 * count as that member (it would let a term have two leaders, or a committed entry vanish).
 */
public record Incarnation(long value) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public Incarnation {
        if (value == 0) {
            throw new IllegalArgumentException("0 is no incarnation");
        }
    }

    /** A fresh, random incarnation: never 0, and two are equal with chance 2^-64. */
    public static Incarnation random() {
        long value;
        do {
            value = RANDOM.nextLong();
        } while (value == 0);
        return new Incarnation(value);
    }

    /**
     * The incarnation written as {@link #toString()} does.
     *
     * @throws IllegalArgumentException when {@code text} is not 16 hex digits of a nonzero value
     */
    public static Incarnation parse(String text) {
        if (text.length() != 16) {
            throw new IllegalArgumentException("an incarnation is 16 hex digits");
        }
        return new Incarnation(HexFormat.fromHexDigitsToLong(text));
    }

    /** 16 lower-case hex digits. */
    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(value);
    }
}
