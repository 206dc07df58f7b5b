package io.raftdeck.launcher.chaos;

/** What the nemesis does to the cluster. */
public enum FaultKind {
    /** SIGKILL a node's process; healed by starting it again on its data dir. */
    KILL(true),
    /** SIGSTOP a node's process; healed by SIGCONT. Its peers see a node that says nothing. */
    PAUSE(true),
    /** Cut every link of one node; healed by restoring them. */
    ISOLATE(false),
    /** Cut the links between a minority of two and the majority. */
    SPLIT(false),
    /** Cut every link of whichever node leads when the fault starts. */
    ISOLATE_LEADER(false),
    /** Ask the leader to hand over to another node; nothing to heal. */
    TRANSFER(false);

    private final boolean needsProcesses;

    FaultKind(boolean needsProcesses) {
        this.needsProcesses = needsProcesses;
    }

    /** Whether it needs the node processes, which only a cluster chaos started itself has. */
    public boolean needsProcesses() {
        return needsProcesses;
    }

    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
