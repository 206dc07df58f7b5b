package io.raftdeck.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftdeck.core.Entry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandRendererTest {

    private static String render(byte[] command) {
        return CommandRenderer.render(Entry.command(1, 1, command), 200);
    }

    @Test
    void operationsRenderAsShortCommands() {
        // Proves put/delete/get render as "set k=v", "del k", "get k".
        assertEquals("set color=blue", render(new KeyValueCommand.Put("color",
                "blue".getBytes(StandardCharsets.UTF_8)).encode()));
        assertEquals("del color", render(new KeyValueCommand.Delete("color").encode()));
        assertEquals("get color", render(new KeyValueCommand.Get("color").encode()));
    }

    @Test
    void stampedCommandsShowTheirClientRequest() {
        // Proves a command with a session renders as the command followed by client and sequence.
        byte[] put = new KeyValueCommand.Put("k", "v".getBytes(StandardCharsets.UTF_8)).encode();
        assertEquals("set k=v [client 1f2e #3]", render(StampedCommand.ofSession(
                new ClientRequestId(0x1f2e, 3), put).encode()));
        assertEquals("hello [client ffffffffffffffff #1]", render(StampedCommand.ofSession(
                new ClientRequestId(-1, 1), "hello".getBytes(StandardCharsets.UTF_8)).encode()));
    }

    @Test
    void requestsNumberedByTheReceivingNodeRenderAsTheClientSentThem() {
        // Proves a seed ClientRequest's text reads back from GetLog exactly as it was sent.
        assertEquals("SET x 1", render(StampedCommand.ofReceivingNode(new ClientRequestId(7, 9),
                "SET x 1".getBytes(StandardCharsets.UTF_8)).encode()));
    }

    @Test
    void freeTextRendersAsTyped() {
        // Proves a free-text command is shown exactly as it was typed.
        assertEquals("deploy v2 \u00e9t\u00e9", render("deploy v2 \u00e9t\u00e9"
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nonPrintableBytesRenderAsHex() {
        // Proves binary commands and binary values are shown as hex, never dropped.
        assertEquals("0x0a1bff", render(new byte[] {0x0a, 0x1b, (byte) 0xff}));
        assertEquals("set k=0x00ff", render(new KeyValueCommand.Put("k",
                new byte[] {0, (byte) 0xff}).encode()));
        assertEquals("0x6c696e650a", render("line\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void leaderNoopHasAFixedRendering() {
        // Proves a leader's empty entry renders as "(noop)" rather than an empty string.
        assertEquals(CommandRenderer.NOOP_TEXT, CommandRenderer.render(Entry.noop(3, 2), 200));
    }

    @Test
    void longCommandsAreCutAndSayHowLong() {
        // Proves renderings are bounded and still say how big the command was.
        String text = "x".repeat(500);
        assertEquals("x".repeat(10) + "...(500 chars)",
                CommandRenderer.render(text.getBytes(StandardCharsets.UTF_8), 10));
        assertEquals("0x00000000...(100 bytes)", CommandRenderer.render(new byte[100], 10));
    }
}
