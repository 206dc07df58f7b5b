package io.raftdeck.launcher.snapshot;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code raftdeck snapshot save|restore|status}: backups of the cluster's state. */
@Command(name = "snapshot",
        mixinStandardHelpOptions = true,
        header = "Back up the cluster's state to a file, check one, or restore it.",
        description = {
            "save FILE asks the leader for a consistent snapshot of its key/value state and",
            "writes it durably. restore FILE --data-dir DIR --id N makes a fresh data dir",
            "whose log starts at that snapshot; start a node on it (one per member, each",
            "restored from the same file) to bring the state back. status FILE checks one.",
        },
        subcommands = {SnapshotSaveCommand.class, SnapshotRestoreCommand.class,
            SnapshotStatusCommand.class})
public final class SnapshotCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing subcommand: save, restore or status");
    }
}
