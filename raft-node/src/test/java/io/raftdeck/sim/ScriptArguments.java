package io.raftdeck.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The words of a transcript's command line and the numbers and options among them. */
final class ScriptArguments {

    /** A command the script got wrong: the runner fails at its line. */
    static final class ScriptError extends IllegalArgumentException {
        ScriptError(String message) {
            super(message);
        }
    }

    private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    private ScriptArguments() {
    }

    /** The words of a line; a double-quoted word may hold spaces. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        Matcher word = WORD.matcher(line);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        if (words.isEmpty()) {
            throw new ScriptError("empty command");
        }
        return words;
    }

    static Map<String, String> options(List<String> args, String... known) {
        Map<String, String> options = new LinkedHashMap<>();
        TreeSet<String> allowed = new TreeSet<>(List.of(known));
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (!allowed.contains(pair[0])) {
                throw new ScriptError("unknown option " + pair[0] + "; known: " + allowed);
            }
            options.put(pair[0], pair.length == 2 ? pair[1] : "");
        }
        return options;
    }

    static int number(Map<String, String> options, String name, int otherwise) {
        return options.containsKey(name) ? (int) parse(options.get(name)) : otherwise;
    }

    static long parse(String number) {
        try {
            return Long.parseLong(number.strip());
        } catch (NumberFormatException notANumber) {
            throw new ScriptError("not a number: " + number);
        }
    }

    static void noArgs(String command, List<String> args) {
        if (!args.isEmpty()) {
            throw new ScriptError(command + " takes no arguments");
        }
    }
}
