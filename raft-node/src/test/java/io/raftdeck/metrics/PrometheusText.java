package io.raftdeck.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: the
 * Java client has no parser of its own. Every line must be a HELP, a TYPE or a sample; every
 * sample must belong to a family whose TYPE came first (with the suffixes its type allows);
 * names, labels and values must be well formed, and no series may appear twice. Any
 * violation throws, naming the line.
 */
final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile(
            "# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(\\{[^}]*\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile(
            "([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern NUMBER = Pattern.compile(
            "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> HISTOGRAM = Set.of("_bucket", "_sum", "_count", "_created");
    private static final Set<String> COUNTER = Set.of("_total", "_created");

    private PrometheusText() {
    }

    /** Every sample, keyed {@code name{labels}} exactly as exposed (no labels: just the name). */
    static Map<String, Double> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition must end with a line break");
        }
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty() && number == text.split("\n", -1).length) {
                break;
            }
            Matcher help = HELP.matcher(line);
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (help.matches()) {
                continue;
            } else if (type.matches()) {
                if (types.put(type.group(1), type.group(2)) != null) {
                    throw bad(number, line, "a second TYPE for " + type.group(1));
                }
            } else if (sample.matches()) {
                String name = sample.group(1);
                checkFamily(types, name, number, line);
                String labels = sample.group(2) == null ? "" : sample.group(2);
                checkLabels(labels, number, line);
                double value = value(sample.group(3), number, line);
                if (samples.put(name + labels, value) != null) {
                    throw bad(number, line, "a series exposed twice");
                }
            } else {
                throw bad(number, line, "neither HELP, TYPE nor a sample");
            }
        }
        return samples;
    }

    private static void checkFamily(Map<String, String> types, String name, int number,
                                    String line) {
        if (types.containsKey(name)) {
            String type = types.get(name);
            // Version 0.0.4 names a counter family by its sample (with _total); a
            // histogram's or summary's samples always carry a suffix.
            if (type.equals("histogram") || type.equals("summary")) {
                throw bad(number, line, "a " + type + " sample without its suffix");
            }
            return;
        }
        for (Map.Entry<String, String> family : types.entrySet()) {
            String suffix = name.startsWith(family.getKey())
                    ? name.substring(family.getKey().length()) : null;
            if (suffix == null) {
                continue;
            }
            String type = family.getValue();
            if (type.equals("counter") && COUNTER.contains(suffix)
                    || type.equals("histogram") && HISTOGRAM.contains(suffix)
                    || type.equals("summary") && HISTOGRAM.contains(suffix)) {
                return;
            }
        }
        throw bad(number, line, "a sample of no declared family");
    }

    private static void checkLabels(String labels, int number, String line) {
        if (labels.isEmpty()) {
            return;
        }
        String inner = labels.substring(1, labels.length() - 1);
        Matcher label = LABEL.matcher(inner);
        int at = 0;
        while (at < inner.length()) {
            if (!label.find(at) || label.start() != at) {
                throw bad(number, line, "malformed labels");
            }
            at = label.end();
            if (at < inner.length()) {
                if (inner.charAt(at) != ',') {
                    throw bad(number, line, "labels not separated by commas");
                }
                at++;
            }
        }
    }

    private static double value(String text, int number, String line) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                if (!NUMBER.matcher(text).matches()) {
                    throw bad(number, line, "value '" + text + "' is not a number");
                }
                return Double.parseDouble(text);
        }
    }

    private static IllegalArgumentException bad(int number, String line, String why) {
        return new IllegalArgumentException("line " + number + ": " + why + ": " + line);
    }
}
