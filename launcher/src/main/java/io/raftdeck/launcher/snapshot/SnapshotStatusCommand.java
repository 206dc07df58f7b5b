package io.raftdeck.launcher.snapshot;

import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.snapshot.BackupReader.Backup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code raftdeck snapshot status FILE}. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        header = "Check a backup file and print its index, term, size and checksum.",
        description = {"Reads FILE whole. Exits 0 and prints 'checksum ok' when it is sound;",
            "a damaged file is one line saying what is wrong, exit 2."})
final class SnapshotStatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A backup from snapshot save.")
    private Path file;

    @Override
    public Integer call() {
        Backup backup = BackupReader.read(file, spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("index %d%nterm %d%nsize %d bytes%nsha256 %s%nchecksum ok%n", backup.index(),
                backup.term(), backup.data().length, backup.sha256());
        out.flush();
        return ExitCodes.OK;
    }
}
