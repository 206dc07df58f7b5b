package io.raftdeck.launcher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.GetResponse;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.WriteResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client subcommands against scripted fake nodes: output, exit codes, failover, bounds. */
class ClientCommandsTest {

    private FakeNode first;
    private FakeNode second;

    @BeforeEach
    void startFakes() throws IOException {
        first = new FakeNode();
        second = new FakeNode();
    }

    @AfterEach
    void stopFakes() throws InterruptedException {
        first.close();
        second.close();
    }

    @Test
    void putPrintsTheCommittedIndexAndTerm() {
        // Proves put sends key and value and prints "OK index=N term=T" from the answer.
        first.writeResponse = WriteResponse.newBuilder().setIndex(12).setTerm(3).build();
        CommandRun run = CommandRun.of("put", "color", "blue", "--cluster", cluster(first));
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals("OK index=12 term=3", run.out().strip());
        PutRequest sent = (PutRequest) first.requests.get(0);
        assertEquals("color", sent.getKey());
        assertEquals("blue", sent.getValue().toStringUtf8());
        assertTrue(sent.getSession().getClientId() != 0, "a write carries a session");
    }

    @Test
    void aRequestPastTheNodesMessageSizeIsBadInputNotTheQuota() {
        // Proves gRPC's own RESOURCE_EXHAUSTED (a message past the server's 4 MiB inbound
        // limit) exits 2 as bad input, not 9: only the store's quota sentence means "full".
        CommandRun run = CommandRun.of("put", "k", "v".repeat(5 << 20), "--cluster",
                cluster(first));
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("RESOURCE_EXHAUSTED"), run::toString);
        assertTrue(first.requests.isEmpty(), "the fake never saw the request");
    }

    @Test
    void unreachableNodeIsSkipped() throws IOException {
        // Proves a request fails over past a node that refuses connections.
        second.writeResponse = WriteResponse.newBuilder().setIndex(7).setTerm(2).build();
        CommandRun run = CommandRun.of("put", "k", "v", "--cluster",
                FakeNode.deadAddress() + "," + second.address());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals("OK index=7 term=2", run.out().strip());
    }

    @Test
    void retryOnAnotherNodeKeepsTheSession() {
        // Proves a write retried after UNAVAILABLE reuses its session, so it applies once.
        first.behaviour = FakeNode.Behaviour.UNAVAILABLE;
        CommandRun run = CommandRun.of("put", "k", "v", "--cluster", cluster(first, second));
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        PutRequest refused = (PutRequest) first.requests.get(0);
        PutRequest accepted = (PutRequest) second.requests.get(0);
        assertEquals(refused.getSession(), accepted.getSession());
    }

    @Test
    void noLeaderAnywhereExitsThreeWithinTheTimeout() {
        // Proves UNAVAILABLE from every node ends with exit 3 after retrying until the timeout.
        first.behaviour = FakeNode.Behaviour.UNAVAILABLE;
        second.behaviour = FakeNode.Behaviour.UNAVAILABLE;
        CommandRun run = CommandRun.of("put", "k", "v", "--timeout-ms", "700",
                "--cluster", cluster(first, second));
        assertEquals(ExitCodes.NO_LEADER, run.exitCode(), run::toString);
        assertTrue(run.errIsOneLine(), run::toString);
        assertTrue(run.err().startsWith("error: no leader available"), run::toString);
        assertTrue(run.err().contains("no leader known to this node"), run::toString);
        assertTrue(first.requests.size() > 1, "retried in rounds until the timeout");
        assertTrue(run.elapsedMs() < 700 + 2_000, run::toString);
    }

    @Test
    void noReachableNodeExitsThreeWithinTheTimeout() throws IOException {
        // Proves a client pointed at nothing gives up with exit 3 in bounded time.
        CommandRun run = CommandRun.of("get", "k", "--timeout-ms", "1000",
                "--cluster", FakeNode.deadAddress() + "," + FakeNode.deadAddress());
        assertEquals(ExitCodes.NO_LEADER, run.exitCode(), run::toString);
        assertTrue(run.errIsOneLine(), run::toString);
        assertTrue(run.err().contains("connection refused"), run::toString);
        assertTrue(run.elapsedMs() < 1_000 + 2_000, run::toString);
    }

    @Test
    void silentNodeExitsFourAtTheDeadline() {
        // Proves a node that never answers ends the request with exit 4 at the deadline.
        first.behaviour = FakeNode.Behaviour.SILENT;
        CommandRun run = CommandRun.of("del", "k", "--timeout-ms", "500",
                "--cluster", cluster(first));
        assertEquals(ExitCodes.TIMEOUT, run.exitCode(), run::toString);
        assertTrue(run.errIsOneLine(), run::toString);
        assertTrue(run.err().startsWith("error: outcome unknown: del not confirmed within 500 ms"),
                run::toString);
        assertTrue(run.err().contains("may or may not have applied"), run::toString);
        assertTrue(run.elapsedMs() < 500 + 2_000, run::toString);
    }

    @Test
    void putFailsOverFromASilentNodeWithinTheTimeout() {
        // Proves a node that takes the connection but never answers costs one attempt, not
        // the whole call: the write moves on to the next node, with the same session.
        first.behaviour = FakeNode.Behaviour.SILENT;
        second.writeResponse = WriteResponse.newBuilder().setIndex(8).setTerm(2).build();
        CommandRun run = CommandRun.of("put", "k", "v", "--timeout-ms", "5000",
                "--cluster", cluster(first, second));
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals("OK index=8 term=2", run.out().strip());
        assertEquals(first.requests.get(0), second.requests.get(0), "with the same session");
        assertTrue(run.elapsedMs() < 4_000, run::toString);
    }

    @Test
    void getFailsOverFromASilentNodeWithinTheTimeout() {
        // Proves a read moves on from a node that never answers and gets its value elsewhere.
        first.behaviour = FakeNode.Behaviour.SILENT;
        second.getResponse = GetResponse.newBuilder().setFound(true)
                .setValue(ByteString.copyFromUtf8("blue")).build();
        CommandRun run = CommandRun.of("get", "color", "--timeout-ms", "5000",
                "--cluster", cluster(first, second));
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals("blue" + System.lineSeparator(), run.out());
        assertTrue(run.elapsedMs() < 4_000, run::toString);
    }

    @Test
    void aWriteThatTimedOutOnOneNodeIsOutcomeUnknownEvenIfOthersKnowNoLeader() {
        // Proves an attempt cut off by its own deadline may have applied: the write still
        // tries the other nodes, and when they only say "no leader" it exits 4, never 3.
        first.behaviour = FakeNode.Behaviour.SILENT;
        second.behaviour = FakeNode.Behaviour.UNAVAILABLE;
        CommandRun run = CommandRun.of("put", "k", "v", "--timeout-ms", "2500",
                "--cluster", cluster(first, second));
        assertEquals(ExitCodes.TIMEOUT, run.exitCode(), run::toString);
        assertTrue(run.errIsOneLine(), run::toString);
        assertTrue(run.err().startsWith("error: outcome unknown: put not confirmed within 2500"),
                run::toString);
        assertTrue(second.requests.size() > 1, "the other node was tried until the timeout");
        assertTrue(run.elapsedMs() < 2_500 + 2_000, run::toString);
    }

    @Test
    void aReadThatNoNodeAnsweredExitsFourAfterTryingEveryNode() {
        // Proves a read moves past a silent node, and that one that never got an answer from
        // it is reported as a timeout (exit 4), not as "no leader": that node may lead.
        first.behaviour = FakeNode.Behaviour.SILENT;
        second.behaviour = FakeNode.Behaviour.UNAVAILABLE;
        CommandRun run = CommandRun.of("get", "k", "--timeout-ms", "2500",
                "--cluster", cluster(first, second));
        assertEquals(ExitCodes.TIMEOUT, run.exitCode(), run::toString);
        assertTrue(run.errIsOneLine(), run::toString);
        assertTrue(run.err().startsWith("error: get timed out after 2500 ms"), run::toString);
        assertTrue(second.requests.size() > 1, "the other node was tried until the timeout");
    }

    @Test
    void aWriteThatMayHaveReachedALogExitsFourNotThree() {
        // Proves a write a node took but could not confirm is never reported as "no leader".
        first.behaviour = FakeNode.Behaviour.OUTCOME_UNKNOWN;
        second.behaviour = FakeNode.Behaviour.UNAVAILABLE;
        CommandRun run = CommandRun.of("put", "k", "v", "--timeout-ms", "700",
                "--cluster", cluster(first, second));
        assertEquals(ExitCodes.TIMEOUT, run.exitCode(), run::toString);
        assertTrue(run.errIsOneLine(), run::toString);
        assertTrue(run.err().startsWith("error: outcome unknown: put not confirmed within 700"),
                run::toString);
        assertTrue(second.requests.size() > 1, "sent again elsewhere until the timeout");
        assertEquals(first.requests.get(0), second.requests.get(0), "with the same session");
    }

    @Test
    void aKeyThatWasNotValidTextIsRefusedBeforeAnythingIsSent() {
        // Proves a KEY whose bytes were not valid in the terminal's encoding (the JVM hands it
        // over with U+FFFD in their place, so $'\xff' and $'\xfe' would be one key) exits 2
        // for put, get, del and cas, and no node sees a request.
        String replaced = "k\uFFFD";
        String[][] commands = {{"put", replaced, "v"}, {"get", replaced}, {"del", replaced},
            {"cas", replaced, "a", "b"}};
        for (String[] command : commands) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--cluster", cluster(first)));
            CommandRun run = CommandRun.of(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.errIsOneLine(), run::toString);
            assertTrue(run.err().contains("not valid"), run::toString);
        }
        assertEquals(List.of(), first.requests);
    }

    @Test
    void rejectedInputExitsTwo() {
        // Proves INVALID_ARGUMENT from a node is reported as a usage error with its reason.
        first.behaviour = FakeNode.Behaviour.INVALID_ARGUMENT;
        CommandRun run = CommandRun.of("command", "x", "--cluster", cluster(first));
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("command larger than 16 bytes"), run::toString);
    }

    @Test
    void getPrintsTheValue() {
        // Proves get prints the stored bytes as UTF-8 and nothing else.
        first.getResponse = GetResponse.newBuilder().setFound(true)
                .setValue(ByteString.copyFromUtf8("blue")).build();
        CommandRun run = CommandRun.of("get", "color", "--cluster", cluster(first));
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals("blue" + System.lineSeparator(), run.out());
    }

    @Test
    void getPrintsAValueAsLargeAsANodeMayStore() {
        // Proves the client accepts an answer carrying a value at the largest limit a node can
        // be given (--max-command-bytes up to 16 MiB), beyond gRPC's default of 4 MiB.
        byte[] value = new byte[16 << 20];
        java.util.Arrays.fill(value, (byte) 'x');
        first.getResponse = GetResponse.newBuilder().setFound(true)
                .setValue(ByteString.copyFrom(value)).build();
        CommandRun run = CommandRun.of("get", "big", "--cluster", cluster(first));
        assertEquals(ExitCodes.OK, run.exitCode(), () -> run.err());
        assertEquals(value.length, run.out().strip().length());
    }

    @Test
    void getOfMissingKeyExitsFive() {
        // Proves a missing key is exit 5 with "not found: KEY", distinct from failures.
        first.getResponse = GetResponse.newBuilder().setFound(false).build();
        CommandRun run = CommandRun.of("get", "color", "--cluster", cluster(first));
        assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run::toString);
        assertEquals("error: not found: color", run.err().strip());
        assertEquals("", run.out());
    }

    @Test
    void deletePrintsWhetherTheKeyExisted() {
        // Proves del reports the index, term and whether the key existed.
        first.writeResponse = WriteResponse.newBuilder().setIndex(5).setTerm(1)
                .setExisted(true).build();
        CommandRun run = CommandRun.of("del", "color", "--cluster", cluster(first));
        assertEquals("OK index=5 term=1 existed=true", run.out().strip(), run::toString);
    }

    @Test
    void commandJoinsItsWords() {
        // Proves the free-text command sends its words joined by single spaces.
        CommandRun run = CommandRun.of("command", "hello", "raft", "world",
                "--cluster", cluster(first));
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        CommandRequest sent = (CommandRequest) first.requests.get(0);
        assertEquals("hello raft world", sent.getCommand().toStringUtf8());
    }

    @Test
    void statusPrintsARowPerNodeIncludingUnreachableOnes() throws IOException {
        // Proves status tabulates answering nodes and names the ones that did not answer.
        first.status = NodeStatus.newBuilder().setId(1).setRole(Role.ROLE_LEADER).setTerm(4)
                .setLeaderId(1).setCommitIndex(9).setLastApplied(9).setLastLogIndex(10)
                .build();
        NodeAddress dead = FakeNode.deadAddress();
        CommandRun run = CommandRun.of("status", "--cluster", first.address() + "," + dead);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        String[] lines = run.out().split("\\R");
        assertEquals(3, lines.length, run::toString);
        assertTrue(lines[0].startsWith("ID  ADDRESS"), run::toString);
        assertTrue(lines[1].matches("1\\s+" + first.address() + "\\s+leader\\s+4\\s+1\\s+9\\s+9"
                + "\\s+10\\s+-\\s+0"), run::toString);
        assertTrue(lines[2].matches("\\?\\s+" + dead + "\\s+unreachable: .*"), run::toString);
    }

    private static String cluster(FakeNode... nodes) {
        StringBuilder addresses = new StringBuilder();
        for (FakeNode node : nodes) {
            addresses.append(addresses.length() == 0 ? "" : ",").append(node.address());
        }
        return addresses.toString();
    }
}
