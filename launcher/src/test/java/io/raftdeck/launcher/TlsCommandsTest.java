package io.raftdeck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.tls.TlsFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against a cluster on peer mutual TLS with --client-cert-auth: the client
 * commands and bench work with the client flags, and every way of getting TLS wrong (no client
 * certificate, no TLS at all, a missing or mismatched file, on the client or on the node) is
 * one line on stderr and exit 2.
 */
class TlsCommandsTest {

    @TempDir
    static Path dataRoot;
    @TempDir
    static Path tlsDir;
    private static TlsFixture tls;
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        tls = TlsFixture.in(tlsDir);
        for (int member = 1; member <= 3; member++) {
            tls.issueMember(member);
        }
        cluster = TestCluster.start(3, dataRoot,
                config -> config.withTls(tls.peerTlsWithClientCertAuth(config.id())));
        cluster.awaitLeader();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void clientCommandsWorkWithTheClientsCertificate() {
        // Proves the shared client flags reach put, get and status over TLS.
        CommandRun put = run(certified("put", "color", "blue"));
        assertEquals(ExitCodes.OK, put.exitCode(), put::toString);
        assertTrue(put.out().startsWith("OK index="), put::toString);
        CommandRun get = run(certified("get", "color"));
        assertEquals("blue", get.out().strip(), get::toString);
        CommandRun status = run(certified("status"));
        assertEquals(ExitCodes.OK, status.exitCode(), status::toString);
        assertTrue(status.out().contains("leader"), status::toString);
    }

    @Test
    void benchOnTheTlsClusterCompletesRequests() {
        // Proves bench --cluster dials with the same flags.
        CommandRun run = CommandRun.of(certified("bench", "--cluster", addresses(), "--seconds",
                "1", "--warmup", "0", "--clients", "2", "--keys", "10", "--value-size", "8")
                .toArray(String[]::new));
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("errors       none"), run::toString);
    }

    @Test
    void withoutAClientCertificateTheCallIsRefusedInOneLine() {
        CommandRun put = run(List.of("put", "k", "v", "--tls-ca", tls.peerCaFile().toString()));
        assertEquals(ExitCodes.USAGE, put.exitCode(), put::toString);
        assertTrue(put.errIsOneLine(), put::toString);
        assertTrue(put.err().contains("requires a client certificate signed by its --tls-ca"),
                put::toString);
    }

    @Test
    void aPlaintextClientHearsThatTheNodeSpeaksTls() {
        // Proves the one-line answer instead of "Network closed for unknown reason" until the
        // timeout: without the check this run waits out its 10 s and ends "no leader".
        CommandRun get = run(List.of("get", "k"));
        assertEquals(ExitCodes.USAGE, get.exitCode(), get::toString);
        assertTrue(get.errIsOneLine(), get::toString);
        assertTrue(get.err().contains("speaks TLS and this client does not: pass --tls-ca"),
                get::toString);
    }

    @Test
    void wrongClientFlagsAreOneLineNamingFlagAndFile() {
        Path missing = tlsDir.resolve("missing.pem");
        for (List<String> args : List.of(
                List.of("get", "k", "--tls-cert", tls.clientCertificate().toString()),
                List.of("get", "k", "--tls-ca", missing.toString()),
                List.of("get", "k", "--tls-ca", tls.peerCaFile().toString(), "--tls-cert",
                        tls.clientCertificate().toString(), "--tls-key",
                        tls.memberKey(1).toString()),
                List.of("bench", "--tls-ca", tls.peerCaFile().toString()))) {
            CommandRun run = CommandRun.of(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.errIsOneLine(), run::toString);
        }
        assertTrue(CommandRun.of("get", "k", "--tls-ca", missing.toString()).err()
                .contains("--tls-ca " + missing + ": no such file"));
        assertTrue(CommandRun.of("get", "k", "--tls-ca", tls.peerCaFile().toString(),
                "--tls-cert", tls.clientCertificate().toString(), "--tls-key",
                tls.memberKey(1).toString()).err().contains("--tls-key " + tls.memberKey(1)
                + ": this key does not match the certificate in --tls-cert"));
    }

    @Test
    void wrongNodeFlagsAreOneLineNamingFlagAndFile() throws Exception {
        // Proves raftdeck node refuses bad TLS flags and files at start with exit 2.
        Path garbage = Files.writeString(tlsDir.resolve("garbage.pem"), "hello\n");
        List<String> node = List.of("node", "--id", "1", "--listen", "127.0.0.1:1",
                "--data-dir", dataRoot.resolve("refused").toString());
        List<List<String>> wrong = List.of(
                List.of("--tls-cert", tls.memberCertificate(1).toString()),
                List.of("--peer-tls-cert", tls.memberCertificate(1).toString(),
                        "--peer-tls-key", tls.memberKey(1).toString()),
                List.of("--peer-tls-cert", garbage.toString(), "--peer-tls-key",
                        tls.memberKey(1).toString(), "--peer-tls-ca", tls.peerCaFile().toString()),
                List.of("--peer-tls-cert", tls.memberCertificate(1).toString(),
                        "--peer-tls-key", tls.memberKey(2).toString(), "--peer-tls-ca",
                        tls.peerCaFile().toString()),
                List.of("--client-cert-auth"));
        List<String> expected = List.of("--tls-cert needs --tls-key",
                "--peer-tls-cert, --peer-tls-key and --peer-tls-ca go together",
                "--peer-tls-cert " + garbage + ": not a PEM certificate",
                "--peer-tls-key " + tls.memberKey(2) + ": this key does not match",
                "--client-cert-auth needs --tls-ca");
        for (int i = 0; i < wrong.size(); i++) {
            List<String> args = new ArrayList<>(node);
            args.addAll(wrong.get(i));
            CommandRun run = CommandRun.of(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.errIsOneLine(), run::toString);
            assertTrue(run.err().contains(expected.get(i)), run::toString);
        }
    }

    private static List<String> certified(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--tls-ca", tls.peerCaFile().toString(), "--tls-cert",
                tls.clientCertificate().toString(), "--tls-key", tls.clientKey().toString()));
        return all;
    }

    private static String addresses() {
        return ClusterAddresses.of(cluster);
    }

    private static CommandRun run(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--cluster", addresses(), "--timeout-ms", "10000"));
        return CommandRun.of(all.toArray(String[]::new));
    }
}
