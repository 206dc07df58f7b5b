package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code raftdeck version}: what {@code --version} prints, as a command scripts can call. */
@Command(name = "version",
        mixinStandardHelpOptions = true,
        header = "Print the build: version, git commit, Java and OS.",
        description = {"The same lines as 'raftdeck --version'. A running node reports its",
            "version in 'raftdeck endpoint status'."})
final class VersionCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : new VersionProvider().getVersion()) {
            out.println(line);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
