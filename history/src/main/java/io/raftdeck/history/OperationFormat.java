package io.raftdeck.history;

import java.util.List;

/** Operations as readable lines: times, client, what it did to which key, what came back. */
public final class OperationFormat {

    private OperationFormat() {
    }

    /** One operation per line, each line ending in a newline. */
    public static String lines(List<Operation> operations) {
        StringBuilder text = new StringBuilder();
        for (Operation operation : operations) {
            text.append(line(operation)).append('\n');
        }
        return text.toString();
    }

    /** For example {@code t=120..130  process 2  get x -> "a"  ok}. */
    public static String line(Operation operation) {
        String completion = operation.completeTime() == Operation.NEVER ? "never"
                : Long.toString(operation.completeTime());
        String times = "t=" + operation.invokeTime() + ".." + completion;
        return String.format("%-26s process %-4d %-34s %s", times, operation.process(),
                action(operation), outcome(operation.outcome()));
    }

    private static String action(Operation operation) {
        String key = operation.key();
        return switch (operation.kind()) {
            case PUT -> "put " + key + " " + quote(operation.value());
            case DELETE -> "delete " + key;
            case CAS -> "cas " + key + " " + quote(operation.expected()) + " -> "
                    + quote(operation.value());
            case GET -> "get " + key + " -> " + (operation.outcome() == Outcome.OK
                    ? quote(operation.result()) : "?");
        };
    }

    private static String outcome(Outcome outcome) {
        return switch (outcome) {
            case OK -> "ok";
            case FAIL -> "fail (did not happen)";
            case UNKNOWN -> "unknown (may happen, or not)";
        };
    }

    private static String quote(String value) {
        return value == null ? "(absent)" : '"' + value + '"';
    }
}
