package io.raftdeck.launcher.snapshot;

import io.raftdeck.launcher.cli.DataDirectoryConverter;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.snapshot.BackupReader.Backup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code raftdeck snapshot restore FILE --data-dir DIR --id N}. */
@Command(name = "restore",
        mixinStandardHelpOptions = true,
        header = "Make a fresh data dir for node N whose log starts at the backup in FILE.",
        description = {
            "Checks FILE whole first (its SHA-256, and that it holds a key/value state), then",
            "writes DIR, which must be new or empty, with the node's own storage code. Restore",
            "every member of a new cluster from the same file, each with its own --id, and",
            "start them with 'raftdeck node' and their usual --peers: the membership comes",
            "from --peers as always, not from the backup. A restored dir is a new life of its",
            "node (a new incarnation), so it cannot rejoin the cluster the backup came from.",
        })
final class SnapshotRestoreCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A backup from snapshot save.")
    private Path file;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            converter = DataDirectoryConverter.class,
            description = "The data dir to create; must not exist or be empty.")
    private Path dataDir;

    @Option(names = "--id", required = true, paramLabel = "ID",
            description = "The node id the data dir is for.")
    private int id;

    @Override
    public Integer call() {
        Backup backup = BackupReader.read(file, spec.commandLine().getErr());
        RestoredDataDirectory.write(dataDir, id, backup);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("restored %s into %s for node %d: index %d, term %d, %d bytes, sha256 %s%n",
                file, dataDir, id, backup.index(), backup.term(), backup.data().length,
                backup.sha256());
        out.flush();
        return ExitCodes.OK;
    }
}
