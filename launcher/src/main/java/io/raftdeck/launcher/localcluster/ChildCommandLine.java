package io.raftdeck.launcher.localcluster;

import io.raftdeck.node.NodeConfig;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command line of one child node process: the java binary and class path of this JVM
 * running {@code raftdeck node} with the node's configuration spelled out as flags, plus the
 * hidden {@code --exit-with-parent} so the child dies with the dashboard even after a SIGKILL.
 */
final class ChildCommandLine {

    /**
     * Small heaps and a simple collector: five JVMs share the machine with the dashboard, and
     * C1 alone starts them faster on few cores than the full tiered compiler.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    /**
     * The raftdeck command's main class, by name: the cluster library sits below the commands
     * and must not depend on them (ChildCommandLineTest holds the name to the class).
     */
    static final String MAIN_CLASS = "io.raftdeck.launcher.RaftdeckCommand";

    private ChildCommandLine() {
    }

    static List<String> of(NodeConfig config, long parentPid) {
        return of(config, parentPid, JVM_OPTIONS);
    }

    /** The same with other JVM options, e.g. a benchmark's, which wants the full JIT. */
    static List<String> of(NodeConfig config, long parentPid, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), MAIN_CLASS, "node",
                "--id", String.valueOf(config.id()),
                "--listen", config.listen().toString(),
                "--peers", peers(config),
                "--data-dir", config.dataDir().toAbsolutePath().toString(),
                "--tick-ms", String.valueOf(config.tickMs()),
                "--heartbeat-ms", String.valueOf(config.heartbeatMs()),
                "--election-timeout-min-ms", String.valueOf(config.electionTimeoutMinMs()),
                "--election-timeout-max-ms", String.valueOf(config.electionTimeoutMaxMs()),
                "--max-command-bytes", String.valueOf(config.maxCommandBytes()),
                "--snapshot-threshold", String.valueOf(config.snapshotThresholdEntries()),
                "--quota-bytes", String.valueOf(config.quotaBytes()),
                "--exit-with-parent", String.valueOf(parentPid)));
        if (config.allowFaults()) {
            command.add("--allow-faults");
        }
        return command;
    }

    /** The binary running this JVM, so the children use the same Java as the dashboard. */
    static String javaBinary() {
        return ProcessHandle.current().info().command().orElseGet(() ->
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** This JVM's class path (raftdeck.jar when run with java -jar), made absolute. */
    static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String peers(NodeConfig config) {
        return config.members().entrySet().stream()
                .map(member -> member.getKey() + "=" + member.getValue())
                .collect(Collectors.joining(","));
    }
}
