package io.raftdeck.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A peer whose host does not resolve costs the node log one line, not a stack trace a try. */
class UnresolvablePeerLogTest {

    private static final String HOST = "nosuchhost.invalid";

    /** Every record logged, as the node's log would print its message. */
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            messages.add(formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void repeatedResolutionFailuresLogOneLineWithoutAStackTrace() {
        // Proves grpc's warning per failed resolution (each with the whole UnknownHostException
        // stack trace) is replaced by one line per address and interval, as the channel retries.
        try (PeerChannels channels = new PeerChannels(
                Map.of(2, InetSocketAddress.createUnresolved(HOST, 5002)), 1 << 20)) {
            TestCluster.await("three failed resolutions of " + HOST, Duration.ofSeconds(20),
                    () -> {
                        channels.connectAll();
                        channels.channel(2).orElseThrow().resetConnectBackoff();
                        return NameResolutionLog.failuresSeen() >= 3;
                    });
        }
        List<String> lines = messages.stream().filter(message -> message.contains(HOST))
                .toList();
        assertEquals(1, lines.size(), () -> String.join("\n---\n", lines));
        assertTrue(!lines.get(0).contains("\n"), lines.get(0));
        assertTrue(lines.get(0).contains(HOST + ":5002"), lines.get(0));
    }
}
