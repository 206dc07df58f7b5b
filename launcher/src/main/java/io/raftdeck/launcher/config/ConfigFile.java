package io.raftdeck.launcher.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * A {@code --config} file: YAML whose keys are the command's long flag names without dashes
 * ({@code id: 3}, {@code data-dir: data/node-3}, {@code allow-faults: true}). Checked whole
 * when loaded: a key that is no flag of the command is an error, never ignored, since a
 * misspelt key would silently leave its flag at the default. Values are checked against their
 * flag's type (an integer flag takes a YAML integer, a switch true or false, a single-valued
 * flag no list); a flag that takes several values takes a YAML list, or a map whose entries
 * become {@code key=value} items ({@code peers: {1: 127.0.0.1:5001}}).
 */
final class ConfigFile {

    /** A config file is a few dozen lines; anything this big is the wrong file. */
    private static final long MAX_BYTES = 1 << 20;

    private final Path path;
    private final CommandSpec spec;
    private final Map<String, Object> entries;

    private ConfigFile(Path path, CommandSpec spec, Map<String, Object> entries) {
        this.path = path;
        this.spec = spec;
        this.entries = entries;
    }

    Path path() {
        return path;
    }

    /** Reads and checks {@code path} for {@code spec}'s command. */
    static ConfigFile load(Path path, CommandSpec spec) {
        Object document = parse(path, read(path, spec), spec);
        Map<String, Object> entries = new LinkedHashMap<>();
        if (document != null) {
            if (!(document instanceof Map<?, ?> map)) {
                throw failure(spec, path, "expected 'flag: value' lines at the top level, "
                        + "found " + shape(document));
            }
            map.forEach((key, value) -> entries.put(String.valueOf(key), value));
        }
        ConfigFile file = new ConfigFile(path, spec, entries);
        file.checkKeys();
        return file;
    }

    /**
     * The value of {@code option} in the form picocli parses, or null when the file has none.
     *
     * @throws ParameterException naming the file and key when the value has the wrong type
     */
    String value(OptionSpec option) {
        String key = Settings.key(option);
        if (!entries.containsKey(key)) {
            return null;
        }
        Object value = entries.get(key);
        String where = "config file " + path + ": key '" + key + "'";
        if (value == null) {
            throw failure(where + " has no value");
        }
        String text = option.isMultiValue() ? multiple(option, value, where)
                : single(option, value, where);
        ValueCheck.check(option, text, where);
        return text;
    }

    private String single(OptionSpec option, Object value, String where) {
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            throw failure(where + " takes a single value, not " + shape(value));
        }
        Class<?> type = option.type();
        // A flag with a converter of its own reads text (--quota-bytes 512MiB is a long
        // written with a unit): its converter judges the value, in ValueCheck, not YAML's type.
        boolean typed = !ValueCheck.hasConverter(option);
        if (typed && ValueCheck.isInteger(type) && !(value instanceof Number)) {
            throw failure(where + " must be an integer, was '" + value + "'");
        }
        if ((type == boolean.class || type == Boolean.class) && !(value instanceof Boolean)) {
            throw failure(where + " must be true or false, was '" + value + "'");
        }
        if (typed && value instanceof Double && ValueCheck.isInteger(type)) {
            throw failure(where + " must be an integer, was " + value);
        }
        return String.valueOf(value);
    }

    /** A list's items, or a map's as key=value, joined by the flag's own separator. */
    private String multiple(OptionSpec option, Object value, String where) {
        List<String> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                items.add(scalar(item, where));
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                items.add(scalar(entry.getKey(), where) + "=" + scalar(entry.getValue(), where));
            }
        } else {
            return String.valueOf(value);
        }
        // "," or ";" (a list of distinguished names, which hold commas themselves).
        String separator = option.splitRegex();
        if (items.size() > 1 && !separator.equals(",") && !separator.equals(";")) {
            throw failure(where + " takes one value here");
        }
        return String.join(separator.isEmpty() ? "," : separator, items);
    }

    private String scalar(Object item, String where) {
        if (item == null || item instanceof List<?> || item instanceof Map<?, ?>) {
            throw failure(where + " holds " + shape(item) + " where a value belongs");
        }
        return String.valueOf(item);
    }

    private void checkKeys() {
        for (String key : entries.keySet()) {
            OptionSpec option = spec.findOption("--" + key);
            if (option == null || !Settings.key(option).equals(key)) {
                throw failure(spec, path, "unknown key '" + key + "': "
                        + spec.qualifiedName() + " has no --" + key + " flag");
            }
            if (!Settings.isSetting(option) || Settings.isConfigOption(option)) {
                throw failure(spec, path, "key '" + key + "' cannot be set in a config file");
            }
        }
    }

    private static String read(Path path, CommandSpec spec) {
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw failure(spec, path, "larger than " + MAX_BYTES + " bytes; not a config"
                        + " file");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw failure(spec, path, "no such file");
        } catch (IOException e) {
            throw failure(spec, path, "cannot read it: " + e.getMessage());
        }
    }

    private static Object parse(Path path, String text, CommandSpec spec) {
        LoadSettings settings = LoadSettings.builder().setLabel(path.toString())
                .setAllowDuplicateKeys(false).build();
        try {
            return new Load(settings).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(mark -> " at line " + (mark.getLine() + 1)
                    + ", column " + (mark.getColumn() + 1)).orElse("");
            throw failure(spec, path, "not valid YAML" + where + ": " + e.getProblem());
        } catch (YamlEngineException e) {
            throw failure(spec, path, "not valid YAML: " + e.getMessage());
        }
    }

    private static String shape(Object value) {
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        return value == null ? "nothing" : "'" + value + "'";
    }

    private ParameterException failure(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static ParameterException failure(CommandSpec spec, Path path, String problem) {
        return new ParameterException(spec.commandLine(), "config file " + path + ": "
                + problem);
    }
}
