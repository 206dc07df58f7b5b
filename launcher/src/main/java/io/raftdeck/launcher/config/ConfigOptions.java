package io.raftdeck.launcher.config;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE} and {@code --print-config}, for a command whose flags may come from a
 * file. The reading is {@link ConfigSources}'s; this mixin only declares the flags.
 */
public final class ConfigOptions {

    static final String CONFIG = "--config";
    static final String PRINT_CONFIG = "--print-config";

    @Option(names = CONFIG, paramLabel = "FILE",
            description = {"Read flags from this YAML file: the keys are the long flag names"
                    + " without dashes (id: 3, listen: 127.0.0.1:5003, data-dir: data/node-3,"
                    + " allow-faults: true; peers also as a list or as a map id: host:port)."
                    + " Any flag can also come from the environment as RAFTDECK_<FLAG>"
                    + " (RAFTDECK_DATA_DIR, RAFTDECK_PEER_SECRET_FILE; this one as"
                    + " RAFTDECK_CONFIG). Precedence: flag > environment > file > default."})
    private Path config;

    @Option(names = PRINT_CONFIG,
            description = "Print the effective configuration as YAML, each value with where"
                    + " it came from (flag, env RAFTDECK_X, file, default), and exit 0 without"
                    + " starting. Secrets are not shown; paths to them are.")
    private boolean printConfig;

    /**
     * Loads the config file now, if one was given, even when every flag came from the command
     * line: a file with a wrong key is an error whether or not its values were needed.
     */
    public void checkFile(CommandSpec spec) {
        ConfigSources.of(spec).ifPresent(sources -> sources.file(spec));
    }

    /** Whether {@code --print-config} was given. */
    public boolean printRequested() {
        return printConfig;
    }

    /** Prints the effective configuration of {@code spec}'s command to {@code out}. */
    public void print(CommandSpec spec, PrintWriter out) {
        EffectiveConfig.print(spec, ConfigSources.of(spec).orElse(null), out);
    }
}
