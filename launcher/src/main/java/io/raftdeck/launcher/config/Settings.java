package io.raftdeck.launcher.config;

import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.OptionSpec;

/** Which options are settings a file or the environment may give, and what they are called. */
final class Settings {

    /** Names of flags whose values must never be printed (a path to a secret file is fine). */
    private static final Pattern SECRET = Pattern.compile(
            ".*(secret|token|password|passphrase).*");

    private Settings() {
    }

    /**
     * Help and version print something and exit, and {@code --print-config} is an action too:
     * none of them is a setting a file or the environment could turn on for every run.
     */
    static boolean isSetting(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp()
                && !option.longestName().equals(ConfigOptions.PRINT_CONFIG);
    }

    static boolean isConfigOption(OptionSpec option) {
        return option.longestName().equals(ConfigOptions.CONFIG);
    }

    /** The key in a config file: the long flag name without its dashes ({@code data-dir}). */
    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** A flag that holds a secret itself, not the name of a file that does. */
    static boolean isSecret(OptionSpec option) {
        String key = key(option).toLowerCase(Locale.ROOT);
        return SECRET.matcher(key).matches() && !key.endsWith("-file")
                && !key.endsWith("-dir") && !key.endsWith("-path");
    }
}
