package io.raftdeck.console.model;

import java.util.Locale;

/**
 * How full a node's key/value store is, as its status reported it.
 *
 * @param bytes the store's size as its quota counts it
 * @param quota the committed quota (the cluster leader's --quota-bytes)
 * @param alarm the NOSPACE alarm: writes that would grow the store are refused, deletes work
 */
public record StoreSpace(long bytes, long quota, boolean alarm) {

    /** A node that reported nothing about its store (an older node). */
    public static final StoreSpace NONE = new StoreSpace(0, 0, false);

    /** "31.9 of 32.0 MiB". */
    public String describe() {
        return String.format(Locale.ROOT, "%.1f of %.1f MiB", bytes / 1048576.0,
                quota / 1048576.0);
    }
}
