package io.raftdeck.faults;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a killed node's WAL between the kill and the restart, on a five-node cluster of real
 * servers on loopback: the node recovers losing nothing a quorum acknowledged, or refuses to
 * start naming the damaged file. Never a silent divergence.
 */
class DiskFaultIntegrationTest {

    /** Small segments, so that a few dozen puts make several of them. */
    private static final long SEGMENT_BYTES = 4096;
    private static final Duration WAIT = TestCluster.DEFAULT_WAIT;

    @TempDir
    Path dataRoot;
    private TestCluster cluster;
    private final AcknowledgedWrites writes = new AcknowledgedWrites();

    private void startCluster() throws Exception {
        cluster = TestCluster.start(5, dataRoot, config -> config.withCompaction(
                NodeConfig.DEFAULT_SNAPSHOT_THRESHOLD_ENTRIES, SEGMENT_BYTES));
        cluster.awaitLeader();
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Path dataDir(int id) {
        return cluster.config(id).dataDir();
    }

    private int someFollower(Random random) {
        int leader = cluster.awaitLeader();
        List<Integer> followers = cluster.runningIds().stream().filter(id -> id != leader)
                .toList();
        return followers.get(random.nextInt(followers.size()));
    }

    private boolean readyToDelete(int id) throws IOException {
        Path last = WalDamage.lastSegment(dataDir(id));
        return WalDamage.segments(dataDir(id)).size() >= 3
                && WalDamage.recordOffsets(last).size() >= 4
                && WalDamage.recordsEnd(last) < SEGMENT_BYTES - 1024;
    }

    /** Writes, waits until every running node holds them all, then kills {@code victim}. */
    private void writeAndKill(String prefix, int count, int victim) {
        writes.put(cluster, prefix, count);
        cluster.awaitIdenticalLogs(writes.highestIndex(), WAIT);
        cluster.kill(victim);
    }

    /** The node is back, holds the same log as everyone, and nothing acknowledged is lost. */
    private void assertRejoinedLosingNothing(int victim) {
        cluster.awaitLeader();
        cluster.awaitIdenticalLogs(writes.highestIndex(), WAIT);
        writes.assertAllReadable(cluster, victim);
    }

    @Test
    void tornTailIsCutAndNothingAcknowledgedIsLost() throws Exception {
        // Proves a last segment cut at seeded random points after its header recovers as a
        // torn tail, and the node (leader or follower) rejoins holding every write a quorum
        // acknowledged.
        startCluster();
        for (long seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            int victim = cluster.ids().get(random.nextInt(cluster.ids().size()));
            writeAndKill("torn" + seed, 12, victim);
            Path last = WalDamage.lastSegment(dataDir(victim));
            long records = WalDamage.recordsEnd(last) - WalDamage.SEGMENT_HEADER_BYTES;
            WalDamage.truncate(last, WalDamage.SEGMENT_HEADER_BYTES + random.nextLong(records));
            writes.put(cluster, "while-down" + seed, 3);
            cluster.restart(victim);
            assertRejoinedLosingNothing(victim);
        }
    }

    @Test
    void cutSegmentHeaderStopsTheNodeNamingTheFile() throws Exception {
        // Proves a newest segment cut inside its header is refused, not rewritten: a segment's
        // header is synced before anything refers to it, so no crash leaves it torn. With the
        // bytes back, the node rejoins losing nothing.
        startCluster();
        int victim = someFollower(new Random(11));
        writeAndKill("header", 12, victim);
        Path last = WalDamage.lastSegment(dataDir(victim));
        byte[] original = Files.readAllBytes(last);
        WalDamage.truncate(last, new Random(11).nextInt(WalDamage.SEGMENT_HEADER_BYTES));
        StartupException refused = assertThrows(StartupException.class,
                () -> cluster.restart(victim));
        assertTrue(refused.getMessage().contains(last.getFileName().toString())
                && refused.getMessage().contains("header"), refused.getMessage());
        Files.write(last, original);
        cluster.restart(victim);
        assertRejoinedLosingNothing(victim);
    }

    @Test
    void flippedByteBeforeTheTailStopsTheNodeNamingFileAndOffset() throws Exception {
        // Proves a byte flipped inside any record that is not the tail makes the node refuse to
        // start, naming the file and the record's offset, while the others keep serving; and
        // that the refusal was the damage alone: undamaged, the node rejoins.
        startCluster();
        int victim = someFollower(new Random(7));
        writeAndKill("flip", 40, victim);
        List<Path> segments = WalDamage.segments(dataDir(victim));
        assertTrue(segments.size() >= 2, "expected several segments, got " + segments);
        // Every record but the last one of the last segment, which may be a torn tail. Picked
        // from the whole list: a last segment holding just that one record has none to give.
        List<Map.Entry<Path, Integer>> damageable = new ArrayList<>();
        for (Path segment : segments) {
            List<Integer> records = WalDamage.recordOffsets(segment);
            boolean last = segment.equals(segments.get(segments.size() - 1));
            for (int i = 0; i < records.size() - (last ? 1 : 0); i++) {
                damageable.add(Map.entry(segment, records.get(i)));
            }
        }
        for (long seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            Map.Entry<Path, Integer> chosen = damageable.get(random.nextInt(damageable.size()));
            Path segment = chosen.getKey();
            int record = chosen.getValue();
            int at = record + random.nextInt(WalDamage.recordBytes(segment, record));
            byte[] original = Files.readAllBytes(segment);
            WalDamage.flipByte(segment, at);
            StartupException refused = assertThrows(StartupException.class,
                    () -> cluster.restart(victim));
            String message = refused.getMessage();
            assertTrue(message.contains(segment.getFileName().toString())
                    && message.contains("node-" + victim)
                    && message.contains("at offset " + record), message);
            Files.write(segment, original);
            writes.put(cluster, "without-" + victim + "-" + seed, 2);
        }
        cluster.restart(victim);
        assertRejoinedLosingNothing(victim);
    }

    @Test
    void deletedTrailingSegmentStopsTheNodeNamingTheSealedSegment() throws Exception {
        // Proves a follower whose newest segment was deleted (entries it had acknowledged, and
        // perhaps the vote it cast in the current term, gone) refuses to start, naming the
        // sealed segment whose successor is missing, while the others keep serving; and that
        // the refusal was the deletion alone: with the file back, it rejoins losing nothing.
        startCluster();
        int victim = someFollower(new Random(3));
        writes.put(cluster, "segments", 40);
        // Until there are three segments and the last holds entries with room for one more
        // put, so the segment deleted below surely holds entries the follower acknowledged.
        for (int round = 0; round < 100 && !readyToDelete(victim); round++) {
            writes.put(cluster, "fill-" + round, 1);
        }
        writeAndKill("last", 1, victim);
        List<Path> segments = WalDamage.segments(dataDir(victim));
        assertTrue(segments.size() >= 3, "expected several segments, got " + segments);
        Path deleted = segments.get(segments.size() - 1);
        Path sealed = segments.get(segments.size() - 2);
        assertTrue(WalDamage.recordOffsets(deleted).size() > 1, deleted + " held no entries");
        byte[] original = Files.readAllBytes(deleted);
        Files.delete(deleted);
        StartupException refused = assertThrows(StartupException.class,
                () -> cluster.restart(victim));
        String message = refused.getMessage();
        assertTrue(message.contains(sealed.getFileName().toString())
                && message.contains("missing"), message);
        writes.put(cluster, "without-" + victim, 3);
        Files.write(deleted, original);
        cluster.restart(victim);
        assertRejoinedLosingNothing(victim);
    }
}
