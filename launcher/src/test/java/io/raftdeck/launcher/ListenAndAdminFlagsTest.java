package io.raftdeck.launcher;

import static io.raftdeck.launcher.CommandLineTest.assertUsageError;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code raftdeck node}'s --listen, --listen-peer, --listen-client and --admin-subjects: each
 * wrong combination is one line naming the flags, exit 2, before anything starts.
 */
class ListenAndAdminFlagsTest {

    @TempDir
    Path dataDir;

    @Test
    void aPeerPortAloneStillNeedsListen() {
        assertUsageError(node("--listen-peer", "127.0.0.1:5101"),
                "--listen is required unless both --listen-peer and --listen-client are given");
    }

    @Test
    void listenThatWouldServeNothingIsRefused() {
        assertUsageError(node("--listen", "127.0.0.1:5100", "--listen-peer", "127.0.0.1:5101",
                "--listen-client", "127.0.0.1:5102"), "--listen would serve nothing");
    }

    @Test
    void twoListenersOnOnePortAreRefused() {
        assertUsageError(node("--listen-peer", "127.0.0.1:5101", "--listen-client",
                "127.0.0.1:5101"), "--listen-peer 127.0.0.1:5101 is also --listen-client");
    }

    @Test
    void peersMustListThePeerPort() {
        assertUsageError(node("--listen", "127.0.0.1:5100", "--listen-peer", "127.0.0.1:5101",
                "--peers", "1=127.0.0.1:5100,2=127.0.0.1:5201"),
                "--peers gives this node (id 1) address 127.0.0.1:5100 but --listen-peer is"
                        + " 127.0.0.1:5101");
    }

    @Test
    void adminSubjectsNeedTheClientsCa() {
        assertUsageError(node("--listen", "127.0.0.1:5100", "--admin-subjects", "CN=ops"),
                "--admin-subjects needs --tls-ca");
    }

    @Test
    void anAdminSubjectMustBeADistinguishedName() {
        assertUsageError(node("--listen", "127.0.0.1:5100", "--admin-subjects", "ops"),
                "--admin-subjects entry 'ops' is not a distinguished name");
    }

    private CommandRun node(String... arguments) {
        String[] all = new String[arguments.length + 4];
        all[0] = "node";
        all[1] = "--id=1";
        all[2] = "--data-dir";
        all[3] = dataDir.toString();
        System.arraycopy(arguments, 0, all, 4, arguments.length);
        return CommandRun.of(all);
    }
}
