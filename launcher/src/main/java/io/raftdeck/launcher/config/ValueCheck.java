package io.raftdeck.launcher.config;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks that a value from the environment or a file converts for its option before picocli
 * converts it, so a bad one is reported where it came from ("environment variable
 * RAFTDECK_ID") and not as if it had been typed on the command line.
 */
final class ValueCheck {

    private ValueCheck() {
    }

    /**
     * @param where names the source in the message, e.g. "config file a.yaml: key 'id'"
     * @throws ParameterException one line naming {@code where} when {@code text} does not fit
     */
    static void check(OptionSpec option, String text, String where) {
        String problem = problem(option, text);
        if (problem != null) {
            throw new ParameterException(option.command().commandLine(), where + ": "
                    + problem);
        }
    }

    /** Whether {@code option} has a converter of its own, which then decides what it accepts. */
    static boolean hasConverter(OptionSpec option) {
        ITypeConverter<?>[] converters = option.converters();
        return converters != null && converters.length > 0;
    }

    private static String problem(OptionSpec option, String text) {
        if (option.isMultiValue()) {
            return null; // each element is converted by picocli; the file checks the shape
        }
        if (hasConverter(option)) {
            try {
                option.converters()[0].convert(text);
                return null;
            } catch (Exception e) {
                return e.getMessage() == null ? "invalid value '" + text + "'" : e.getMessage();
            }
        }
        Class<?> type = option.type();
        if (isInteger(type)) {
            try {
                Long.parseLong(text.strip());
                return null;
            } catch (NumberFormatException e) {
                return "must be an integer, was '" + text + "'";
            }
        }
        if (type == boolean.class || type == Boolean.class) {
            return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false") ? null
                    : "must be true or false, was '" + text + "'";
        }
        return null;
    }

    static boolean isInteger(Class<?> type) {
        return type == int.class || type == Integer.class || type == long.class
                || type == Long.class || type == short.class || type == Short.class;
    }
}
