package io.raftdeck.node;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks a node configuration passes before anything is opened, one line each. */
class StartupChecksTest {

    private static final Map<Integer, NodeAddress> ONE_MEMBER =
            Map.of(1, new NodeAddress("127.0.0.1", 6101));

    @Test
    void anEmptyDataDirIsRefused() {
        // Proves a data dir given as "" (an unset shell variable, say) is refused, not taken as
        // the current directory.
        NodeConfig config = NodeConfig.of(1, ONE_MEMBER, Path.of(""));
        StartupException refused = assertThrows(StartupException.class,
                () -> StartupChecks.check(config));
        assertTrue(refused.getMessage().contains("data directory"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("\n"), refused.getMessage());
    }
}
