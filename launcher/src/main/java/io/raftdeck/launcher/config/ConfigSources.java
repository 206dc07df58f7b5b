package io.raftdeck.launcher.config;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where a flag's value comes from when the command line does not give it: the environment
 * ({@code RAFTDECK_<FLAG>}, for every command), then the command's {@code --config} file (for
 * the commands that take {@link ConfigOptions}), then the flag's own default. picocli asks
 * this for every option left unmatched after parsing, so the precedence is flag > environment
 * > file > default for every flag any command has, those added later included, with no list
 * of flags here. It remembers which source answered, for {@code --print-config}.
 */
public final class ConfigSources implements IDefaultValueProvider {

    static final String ENVIRONMENT_PREFIX = "RAFTDECK_";

    private final Map<String, String> environment;
    private final Map<CommandSpec, ConfigFile> files = new IdentityHashMap<>();
    private final Map<ArgSpec, String> origins = new IdentityHashMap<>();

    /** @param environment the process environment, or a test's map of it */
    public ConfigSources(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The sources of the command line that parsed {@code spec}, if it uses them. */
    static Optional<ConfigSources> of(CommandSpec spec) {
        return spec.defaultValueProvider() instanceof ConfigSources sources
                ? Optional.of(sources) : Optional.empty();
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !Settings.isSetting(option)) {
            return null;
        }
        String variable = environmentVariable(option);
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null) {
            ValueCheck.check(option, fromEnvironment, "environment variable " + variable);
            origins.put(option, "env " + variable);
            return fromEnvironment;
        }
        if (Settings.isConfigOption(option)) {
            return null;
        }
        ConfigFile file = file(option.command());
        if (file == null) {
            return null;
        }
        String fromFile = file.value(option);
        if (fromFile != null) {
            origins.put(option, "file " + file.path());
        }
        return fromFile;
    }

    /**
     * The config file of {@code spec}'s command, loaded and checked on first use; null when the
     * command takes none or none was given.
     *
     * @throws picocli.CommandLine.ParameterException naming the file when it is missing,
     *     unreadable, not YAML, or has a key that is no flag of the command
     */
    ConfigFile file(CommandSpec spec) {
        OptionSpec configOption = spec.findOption(ConfigOptions.CONFIG);
        if (configOption == null) {
            return null;
        }
        Path path = configOption.getValue();
        if (path == null) {
            String fromEnvironment = environment.get(environmentVariable(configOption));
            if (fromEnvironment == null) {
                return null;
            }
            path = Path.of(fromEnvironment);
        }
        ConfigFile loaded = files.get(spec);
        if (loaded == null || !loaded.path().equals(path)) {
            loaded = ConfigFile.load(path, spec);
            files.put(spec, loaded);
        }
        return loaded;
    }

    /** Where {@code option}'s value came from: flag, env RAFTDECK_X, file F or default. */
    String origin(OptionSpec option, boolean matched) {
        if (matched) {
            return "flag";
        }
        return origins.getOrDefault(option, "default");
    }

    /** {@code --data-dir} reads {@code RAFTDECK_DATA_DIR}. */
    public static String environmentVariable(OptionSpec option) {
        return ENVIRONMENT_PREFIX + Settings.key(option).toUpperCase(java.util.Locale.ROOT)
                .replace('-', '_');
    }
}
