package io.raftdeck.launcher;

import io.raftdeck.launcher.demo.DemoCommand;
import io.raftdeck.launcher.bench.BenchCommand;
import io.raftdeck.launcher.chaos.ChaosCommand;
import io.raftdeck.launcher.client.CasCommand;
import io.raftdeck.launcher.client.DeleteCommand;
import io.raftdeck.launcher.client.FreeTextCommand;
import io.raftdeck.launcher.client.GetCommand;
import io.raftdeck.launcher.client.LogCommand;
import io.raftdeck.launcher.client.PutCommand;
import io.raftdeck.launcher.client.EventsCommand;
import io.raftdeck.launcher.client.StatusCommand;
import io.raftdeck.launcher.client.TransferCommand;
import io.raftdeck.launcher.config.ConfigSources;
import io.raftdeck.launcher.endpoint.EndpointCommand;
import io.raftdeck.launcher.snapshot.SnapshotCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code raftdeck} command: starts nodes and talks to them. Main class of raftdeck.jar. */
@Command(name = "raftdeck",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "A Raft consensus cluster with a replicated key/value store.",
            "With no arguments, runs '" + RaftdeckCommand.DEFAULT_SUBCOMMAND
                    + "' with its defaults.",
            "Every flag of every command can also be set in the environment as",
            "RAFTDECK_<FLAG> (--data-dir as RAFTDECK_DATA_DIR); a flag given wins.",
        },
        subcommands = {
            DemoCommand.class,
            ConsoleCommand.class,
            NodeCommand.class,
            ClusterCommand.class,
            PutCommand.class,
            GetCommand.class,
            DeleteCommand.class,
            CasCommand.class,
            FreeTextCommand.class,
            StatusCommand.class,
            EventsCommand.class,
            LogCommand.class,
            TransferCommand.class,
            EndpointCommand.class,
            SnapshotCommand.class,
            ChaosCommand.class,
            BenchCommand.class,
            VersionCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:internal error",
            "2:usage error, bad configuration, or a node that cannot start",
            "3:no leader available (or no node reachable) before the timeout",
            "4:timed out; a write may or may not have been applied",
            "5:get: key not found",
            "6:transfer: the leader refused or abandoned the transfer",
            "7:chaos: an anomaly (lost write, unexplained value, no convergence)",
            "8:node: the node stopped on a failure it cannot recover from",
            "9:a write refused: the store is at its quota (--quota-bytes)",
            "10:endpoint: an endpoint did not answer or is not healthy",
        })
public final class RaftdeckCommand implements Callable<Integer> {

    /**
     * What {@code raftdeck} runs when given no arguments. The one place to change when the
     * dashboard becomes the default.
     */
    static final String DEFAULT_SUBCOMMAND = "demo";

    @Spec
    private CommandSpec spec;

    /** One line per log record ("11:34:31 INFO node 1 serving on ..."), unless set already. */
    private static final String LOG_FORMAT = "%1$tT.%1$tL %4$s %5$s%6$s%n";

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(args, out, err));
    }

    /** Runs the command line with the given streams and returns its exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, System.getenv());
    }

    /**
     * As {@link #execute(String[], PrintWriter, PrintWriter)} with {@code environment} in place
     * of the process's, for the RAFTDECK_&lt;FLAG&gt; variables: tests never change the real one.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err,
            Map<String, String> environment) {
        String[] effective = args.length == 0 ? new String[] {DEFAULT_SUBCOMMAND} : args;
        return commandLine(out, err, environment).execute(effective);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, System.getenv());
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err,
            Map<String, String> environment) {
        OneLineErrors errors = new OneLineErrors();
        CommandLine commandLine = new CommandLine(new RaftdeckCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setExecutionExceptionHandler(errors);
        // Every subcommand has -V from its standard help options; make it print something.
        withVersion(commandLine);
        // After the subcommands exist: picocli hands the provider down to each of them.
        commandLine.setDefaultValueProvider(new ConfigSources(environment));
        return commandLine;
    }

    /** Subcommands of subcommands too ({@code endpoint status -V}). */
    private static void withVersion(CommandLine command) {
        command.getSubcommands().values().forEach(subcommand -> {
            subcommand.getCommandSpec().versionProvider(new VersionProvider());
            withVersion(subcommand);
        });
    }

    /** Reached only with options but no subcommand (e.g. a stray option): that is a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
}
