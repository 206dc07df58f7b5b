package io.raftdeck.statemachine;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The printable form of a log entry's command, for status, GetLog and the dashboard:
 * {@code set k=v}, {@code del k}, {@code get k}, {@code cas k: a -> b}, free text as it was
 * typed, and anything that is not printable text as hex ({@code 0x0a1b...}). Nothing is ever
 * dropped; a very long command is cut at a stated length and says how many bytes it had, so
 * equal logs still render to equal text.
 */
public final class CommandRenderer {

    /** What a leader's empty entry renders as. */
    public static final String NOOP_TEXT = "(noop)";

    private CommandRenderer() {
    }

    /** Renders {@code entry}'s command in at most about {@code maxChars} characters. */
    public static String render(Entry entry, int maxChars) {
        if (entry.type() == EntryType.NOOP) {
            return NOOP_TEXT;
        }
        return render(entry.data(), maxChars);
    }

    /**
     * Renders a command's bytes in at most about {@code maxChars} characters. A command of a
     * client's session is followed by its request, e.g. {@code set k=v [client 1f2e #3]}; one
     * numbered by the node that received it shows as the client sent it (a seed ClientRequest's
     * text is what its client reads back from GetLog), since that number is the cluster's own.
     */
    public static String render(byte[] command, int maxChars) {
        Optional<StampedCommand> stamped = StampedCommand.decode(command);
        if (stamped.isEmpty()) {
            return renderUnstamped(command, maxChars);
        }
        String rendered = renderUnstamped(stamped.get().command(), maxChars);
        return stamped.get().origin() == RequestOrigin.SESSION
                ? rendered + " [" + stamped.get().request() + "]" : rendered;
    }

    private static String renderUnstamped(byte[] command, int maxChars) {
        OptionalLong quota = QuotaCommand.decode(command);
        if (quota.isPresent()) {
            return "quota " + StoreQuota.format(quota.getAsLong());
        }
        Optional<KeyValueCommand> operation = KeyValueCommand.decode(command);
        if (operation.isEmpty()) {
            return printable(command, maxChars);
        }
        KeyValueCommand kv = operation.get();
        String key = printable(kv.key(), maxChars);
        if (kv instanceof KeyValueCommand.Put put) {
            return "set " + key + "=" + printable(put.value(), maxChars);
        }
        if (kv instanceof KeyValueCommand.Cas cas) {
            String expected = cas.expectAbsent() ? "(absent)"
                    : printable(cas.expected(), maxChars);
            return "cas " + key + ": " + expected + " -> " + printable(cas.value(), maxChars);
        }
        return (kv instanceof KeyValueCommand.Delete ? "del " : "get ") + key;
    }

    /** Text as-is when it is valid UTF-8 without control characters, hex otherwise. */
    public static String printable(byte[] bytes, int maxChars) {
        Optional<String> text = KeyValueCommand.strictUtf8(bytes, 0, bytes.length);
        if (text.isPresent() && isPrintable(text.get())) {
            return printable(text.get(), maxChars);
        }
        return hex(bytes, maxChars);
    }

    private static String printable(String text, int maxChars) {
        if (!isPrintable(text)) {
            return hex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), maxChars);
        }
        if (text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + "...(" + text.length() + " chars)";
    }

    private static String hex(byte[] bytes, int maxChars) {
        int shownBytes = Math.min(bytes.length, Math.max(1, (maxChars - 2) / 2));
        String shown = "0x" + HexFormat.of().formatHex(bytes, 0, shownBytes);
        return shownBytes == bytes.length ? shown : shown + "...(" + bytes.length + " bytes)";
    }

    private static boolean isPrintable(String text) {
        return text.codePoints().noneMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.UNASSIGNED);
    }
}
