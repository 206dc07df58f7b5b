package io.raftdeck.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a node's TLS files: every wrong file is one line naming the flag and the file, and a
 * rotation is picked up while a broken one keeps the old certificate with one warning.
 */
class NodeTlsCredentialsTest {

    /** Never polls by itself: the tests poll with {@code reloadNow}. */
    private static final long NO_POLLING_MS = 3_600_000;

    @TempDir
    Path dir;

    @Test
    void aRotatedCertificateIsServedAndABrokenOneKeepsTheOldWithOneWarning() throws Exception {
        // Proves rotation without restart, and that a broken file neither replaces the
        // certificate nor fills the log: polled three times, it warns once.
        TlsFixture tls = TlsFixture.in(dir);
        tls.issueMember(1);
        try (NodeTlsCredentials credentials = NodeTlsCredentials.load(1, tls.peerTls(1),
                NO_POLLING_MS); LogLines log = LogLines.of(CertificateReload.class)) {
            BigInteger first = credentials.servedCertificate().getSerialNumber();
            tls.issueMember(1);
            credentials.reloadNow();
            BigInteger second = credentials.servedCertificate().getSerialNumber();
            assertNotEquals(first, second);

            TestCertificates.writeAtomically(tls.memberCertificate(1), "not a certificate\n");
            for (int poll = 0; poll < 3; poll++) {
                credentials.reloadNow();
            }
            assertEquals(second, credentials.servedCertificate().getSerialNumber());
            assertEquals(1, log.warnings().size(), log.warnings().toString());
            String warning = log.warnings().get(0);
            assertTrue(warning.contains("node 1 keeps its current peer certificate")
                    && warning.contains("--peer-tls-cert " + tls.memberCertificate(1)),
                    warning);
            assertFalse(warning.contains("\n"), warning);
        }
    }

    @Test
    void everyUnusableFileIsOneLineNamingFlagAndFile() throws Exception {
        // Proves the start-up errors an operator sees for each way a file can be wrong.
        TlsFixture tls = TlsFixture.in(dir);
        tls.issueMember(1);
        tls.issueMember(2);
        NodeTls good = tls.peerTls(1);
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello\n");
        List<List<Object>> cases = List.of(
                List.of(with(good, "--peer-tls-cert", dir.resolve("missing.pem")),
                        "--peer-tls-cert " + dir.resolve("missing.pem") + ": no such file"),
                List.of(with(good, "--peer-tls-cert", garbage),
                        "--peer-tls-cert " + garbage + ": not a PEM certificate"),
                List.of(with(good, "--peer-tls-key", garbage),
                        "--peer-tls-key " + garbage + ": not an unencrypted PKCS#8 PEM"),
                List.of(with(good, "--peer-tls-key", tls.memberKey(2)),
                        "--peer-tls-key " + tls.memberKey(2) + ": this key does not match the"
                                + " certificate in --peer-tls-cert " + tls.memberCertificate(1)),
                List.of(with(good, "--peer-tls-ca", garbage),
                        "--peer-tls-ca " + garbage + ": not a PEM certificate"),
                List.of(tls.peerTls(2), "--peer-tls-cert " + tls.memberCertificate(2)
                        + ": the certificate does not name node 1"));
        for (List<Object> wrong : cases) {
            TlsFileException e = assertThrows(TlsFileException.class,
                    () -> NodeTlsCredentials.load(1, (NodeTls) wrong.get(0), NO_POLLING_MS)
                            .close());
            assertTrue(e.getMessage().startsWith((String) wrong.get(1)), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    /** {@code tls} with the file of {@code flag} replaced by {@code file}. */
    private static NodeTls with(NodeTls tls, String flag, Path file) {
        TlsFile replaced = new TlsFile(flag, file);
        return new NodeTls(tls.certificate(), tls.key(), tls.clientCa(), tls.clientCertAuth(),
                flag.equals("--peer-tls-cert") ? replaced : tls.peerCertificate(),
                flag.equals("--peer-tls-key") ? replaced : tls.peerKey(),
                flag.equals("--peer-tls-ca") ? replaced : tls.peerCa());
    }
}
