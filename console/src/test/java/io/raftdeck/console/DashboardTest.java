package io.raftdeck.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.raftdeck.console.testing.DashboardThread;
import io.raftdeck.console.testing.FakeNode;
import io.raftdeck.console.testing.WatchedTerminal;
import io.raftdeck.proto.v1.Role;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DashboardTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final DashboardSettings FAST = new DashboardSettings(50, 300, 2000, 20);

    private final List<FakeNode> nodes = new ArrayList<>();
    private DashboardThread ui;

    private List<NodeTarget> startNodes() {
        nodes.add(FakeNode.start(1, FakeNode.status(Role.ROLE_LEADER, 2, 1)));
        nodes.add(FakeNode.start(2, FakeNode.status(Role.ROLE_FOLLOWER, 2, 1)));
        nodes.add(FakeNode.start(3, FakeNode.status(Role.ROLE_FOLLOWER, 2, 1)));
        return nodes.stream().map(FakeNode::target).toList();
    }

    private void runInBackground(WatchedTerminal terminal) {
        runInBackground(terminal, ChaosMode.unavailable());
    }

    private void runInBackground(WatchedTerminal terminal, ChaosMode chaos) {
        ui = new DashboardThread(startNodes(), chaos, terminal, FAST);
    }

    private void awaitExit() throws InterruptedException {
        assertTrue(ui.awaitExit(BOUND), "the dashboard did not stop");
    }

    @AfterEach
    void stop() throws Exception {
        if (ui != null) {
            ui.close();
        }
        for (FakeNode node : nodes) {
            node.close();
        }
    }

    @Test
    void userSeesTheClusterTypesACommandResizesAndQuits() throws Exception {
        // Proves the whole loop: live status on screen, help toggles, a command is sent and
        // its result shown, the layout follows a resize, and q restores the terminal.
        WatchedTerminal terminal = new WatchedTerminal(80, 24);
        runInBackground(terminal);
        terminal.awaitScreen(BOUND, text -> text.contains("LEADER")
                && text.contains("leader: node 1, term 2"), "the leader");

        terminal.type("?");
        terminal.awaitScreen(BOUND, text -> text.contains("help: ? or Esc closes"), "help");
        terminal.press(KeyType.Escape);
        terminal.awaitScreen(BOUND, text -> !text.contains("help: ? or Esc closes"), "no help");

        terminal.type(":hello");
        terminal.awaitScreen(BOUND, text -> text.contains("command> hello_"), "typing");
        terminal.press(KeyType.Enter);
        terminal.awaitScreen(BOUND, text -> text.contains("ok: committed 'hello' at index 1"),
                "the command's result");
        assertEquals(List.of("hello"), nodes.get(0).commands());

        terminal.type("k");
        terminal.awaitScreen(BOUND, text -> text.contains(
                "error: kill/restart not available when attached to a remote cluster"),
                "kill refused on a remote cluster");

        terminal.setTerminalSize(new TerminalSize(140, 45));
        terminal.awaitScreen(BOUND, text -> text.contains("1-5 select  K kill leader"),
                "the wide key help after a resize");

        terminal.type("q");
        awaitExit();
        assertNull(ui.failure());
        assertTrue(terminal.privateModeLeft(), "screen not restored");
    }

    /** Counts what the dashboard asks of it; each status call adds one ok operation. */
    private static final class CountingChaos implements ChaosMode {
        private volatile boolean running;
        private final AtomicLong ok = new AtomicLong();

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public ChaosStatus status() {
            if (!running && ok.get() == 0) {
                return ChaosStatus.IDLE;
            }
            long done = running ? ok.incrementAndGet() : ok.get();
            return new ChaosStatus(running, done, 0, 0, 1, running ? "" : "linearizable: done");
        }
    }

    @Test
    void cStartsChaosShowsItLiveAndCStopsIt() throws Exception {
        // Proves c starts the chaos mode, its line updates while it runs, and c stops it.
        WatchedTerminal terminal = new WatchedTerminal(80, 24);
        CountingChaos chaos = new CountingChaos();
        runInBackground(terminal, chaos);
        terminal.awaitScreen(BOUND, text -> text.contains("LEADER"), "the leader");
        terminal.type("c");
        terminal.awaitScreen(BOUND, text -> text.contains("chaos ON  ok "),
                "the chaos line");
        long seen = chaos.ok.get();
        terminal.awaitScreen(BOUND, text -> chaos.ok.get() > seen + 2
                && text.contains("so far: checking..."), "live counts");
        terminal.type("c");
        terminal.awaitScreen(BOUND, text -> text.contains("chaos OFF  ok ")
                && text.contains("verdict: linearizable: done")
                && text.contains("ok: chaos stopped, links healed: linearizable: done"),
                "the stopped run");
        terminal.type("q");
        awaitExit();
        assertNull(ui.failure());
    }

    @Test
    void ctrlCQuitsAndRestoresTheTerminal() throws Exception {
        // Proves Ctrl-C (delivered as a key) ends the dashboard through the same clean exit.
        WatchedTerminal terminal = new WatchedTerminal(80, 24);
        runInBackground(terminal);
        terminal.awaitScreen(BOUND, text -> text.contains("LEADER"), "the leader");
        terminal.addInput(new KeyStroke('c', true, false));
        awaitExit();
        assertNull(ui.failure());
        assertTrue(terminal.privateModeLeft());
    }

    @Test
    void failureWhileDrawingStillRestoresTheTerminal() throws Exception {
        // Proves an exception on the UI thread propagates and the screen is still restored.
        WatchedTerminal broken = new WatchedTerminal(80, 24) {
            private int flushes;

            @Override
            public synchronized void flush() {
                if (++flushes > 3) {
                    throw new IllegalStateException("terminal went away");
                }
                super.flush();
            }
        };
        runInBackground(broken);
        awaitExit();
        assertTrue(ui.failure() instanceof IllegalStateException, String.valueOf(ui.failure()));
        assertTrue(broken.privateModeLeft());
    }

    @Test
    void badNodeListsAreRefusedUpFront() {
        // Proves empty, oversized and duplicate node lists fail with a clear message.
        assertThrows(IllegalArgumentException.class, () -> Dashboard.validate(List.of()));
        List<NodeTarget> ten = new ArrayList<>();
        for (int id = 1; id <= 10; id++) {
            ten.add(new NodeTarget(id, "127.0.0.1", 5000 + id));
        }
        assertThrows(IllegalArgumentException.class, () -> Dashboard.validate(ten));
        NodeTarget one = new NodeTarget(1, "127.0.0.1", 5001);
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> Dashboard.validate(List.of(one, new NodeTarget(1, "127.0.0.1", 5002))));
        assertTrue(duplicate.getMessage().startsWith("node ids must be distinct"));
    }

    @Test
    void withoutATtyTheTerminalRefusesInOneLine() throws IOException {
        // Proves there is never a Swing window fallback: no TTY gives a one-line error.
        assumeTrue(System.console() == null, "this JVM has a console");
        NoTerminalException refused = assertThrows(NoTerminalException.class,
                TextTerminals::open);
        assertFalse(refused.getMessage().contains("\n"));
        assertTrue(refused.getMessage().startsWith("the dashboard needs an interactive terminal"));
    }
}
