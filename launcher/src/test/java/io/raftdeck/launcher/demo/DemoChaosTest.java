package io.raftdeck.launcher.demo;

import io.raftdeck.launcher.localcluster.DemoNodes;
import io.raftdeck.launcher.localcluster.ClusterDirectory;
import io.raftdeck.launcher.localcluster.InProcessCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.ChaosStatus;
import io.raftdeck.launcher.chaos.DemoChaos;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.launcher.client.StatusReport;
import io.raftdeck.node.NodeAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's chaos mode (key c) on the demo's cluster in this JVM. */
class DemoChaosTest {

    private static final long DEADLINE_MS = 60_000;

    @TempDir
    Path directory;

    private InProcessCluster cluster;
    private DemoChaos chaos;

    @AfterEach
    void stop() {
        if (chaos != null) {
            chaos.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void chaosRunsChecksLiveAndStopsCleanly() throws Exception {
        // Proves chaos mode runs clients and faults on the live cluster, shows a verdict so
        // far while running, and on stop gives the full verdict, heals every link and leaves
        // no chaos thread behind.
        ClusterDirectory data = ClusterDirectory.kept(directory);
        cluster = InProcessCluster.start(DemoNodes.configs(3, data), data);
        chaos = new DemoChaos(cluster.members(), 42);
        assertEquals(ChaosStatus.IDLE, chaos.status());

        chaos.start();
        ChaosStatus running = await(status -> status.ok() > 20 && status.faults() >= 1
                && !status.verdict().isEmpty(), "operations, a fault and a first verdict");
        assertTrue(running.running());
        assertTrue(running.verdict().startsWith("linearizable: "), running.verdict());

        chaos.stop();
        ChaosStatus stopped = chaos.status();
        assertFalse(stopped.running());
        assertTrue(stopped.ok() >= running.ok() && stopped.operations() > 0, stopped.toString());
        assertTrue(stopped.verdict().startsWith("linearizable: " + stopped.operations()
                + " operations"), stopped.verdict());
        assertNoLinkCut();
        List<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("chaos-")).toList();
        assertEquals(List.of(), left, "chaos threads still running");

        chaos.stop();
        assertEquals(stopped, chaos.status(), "a second stop changes nothing");
    }

    private ChaosStatus await(Predicate<ChaosStatus> condition, String what) {
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (System.nanoTime() - deadlineNanos < 0) {
            ChaosStatus status = chaos.status();
            if (condition.test(status)) {
                return status;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new AssertionError("no " + what + " within " + DEADLINE_MS + " ms: "
                + chaos.status());
    }

    private void assertNoLinkCut() throws InterruptedException {
        List<NodeAddress> addresses = cluster.targets().stream()
                .map(target -> new NodeAddress(target.host(), target.port())).toList();
        try (ClusterClient client = new ClusterClient(addresses, 2_000)) {
            for (StatusReport report : client.statusOfEach(2_000)) {
                assertNotNull(report.status(), report.address() + ": " + report.error());
                assertEquals(List.of(), report.status().getCutLinksList(),
                        "node " + report.status().getId() + " still has cut links");
            }
        }
    }
}
