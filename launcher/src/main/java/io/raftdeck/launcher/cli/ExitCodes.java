package io.raftdeck.launcher.cli;

/**
 * Every exit code the raftdeck command uses, in one place, so scripts can rely on them and the
 * README can list them without hunting through subcommands.
 */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** A bug or an unexpected failure; the message says what broke. */
    public static final int INTERNAL = 1;
    /** Bad arguments, a bad configuration, or a node that cannot start with it. */
    public static final int USAGE = 2;
    /** No leader could take the request (or no node answered) before the timeout. */
    public static final int NO_LEADER = 3;
    /** The request did not complete before --timeout-ms; a write may or may not have applied. */
    public static final int TIMEOUT = 4;
    /** {@code get}: the key has no value. Not an error, but scripts need to tell it apart. */
    public static final int NOT_FOUND = 5;
    /** {@code transfer}: the leader refused or abandoned the transfer (target not caught up). */
    public static final int TRANSFER_FAILED = 6;
    /**
     * {@code chaos}: the run found an anomaly (an acknowledged write lost, a value no put
     * wrote, a cluster that did not converge, a history that is not linearizable). Distinct
     * from every other failure so CI can tell "raftdeck is wrong" from "the run broke".
     */
    public static final int CHAOS_ANOMALY = 7;
    /**
     * {@code node}: the node stopped itself on a failure it cannot recover from in this process
     * (its storage failed, its data dir was deleted, it ran out of memory). The reason is on
     * stderr and in its log; a service manager may restart it, and it refuses to start on a
     * log it cannot trust.
     */
    public static final int NODE_STOPPED = 8;
    /**
     * A write was refused with RESOURCE_EXHAUSTED: the store is at its quota
     * ({@code --quota-bytes}; the NOSPACE alarm shows in status). Deletes still work; retrying
     * the same write does not help until space is freed or the quota raised.
     */
    public static final int NO_SPACE = 9;

    /**
     * {@code endpoint status}: some endpoint did not answer or has stopped; {@code endpoint
     * health}: some endpoint is not healthy. The table says which and why.
     */
    public static final int ENDPOINT_UNHEALTHY = 10;

    private ExitCodes() {
    }
}
