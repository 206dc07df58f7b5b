package io.raftdeck.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerSecretTest {

    private static final String SECRET = "3f1c9e0b7a6d5c4b3a2f1e0d9c8b7a6f";

    @TempDir
    Path directory;

    private static Metadata showing(String secret) {
        Metadata headers = new Metadata();
        if (secret != null) {
            headers.put(PeerSecret.HEADER, secret);
        }
        return headers;
    }

    @Test
    void onlyTheSameSecretIsAdmitted() {
        // Proves the exact secret passes, and a missing, different or longer one does not.
        PeerSecret secret = PeerSecret.of(SECRET);
        assertTrue(secret.isShownIn(showing(SECRET)));
        assertFalse(secret.isShownIn(showing(null)));
        assertFalse(secret.isShownIn(showing(SECRET.replace('3', '4'))));
        assertFalse(secret.isShownIn(showing(SECRET + "0")));
    }

    @Test
    void aFileHoldsTheSecretWithOrWithoutATrailingLineBreak() throws Exception {
        // Proves `openssl rand -hex 32 > file` (a newline at the end) and a bare secret agree.
        Files.writeString(directory.resolve("a"), SECRET + "\n");
        Files.writeString(directory.resolve("b"), SECRET);
        PeerSecret fromA = PeerSecret.read(directory.resolve("a"));
        assertTrue(fromA.isShownIn(showing(SECRET)));
        assertTrue(PeerSecret.read(directory.resolve("b")).isShownIn(showing(SECRET)));
    }

    @Test
    void unusableSecretsAreRefusedWithoutQuotingThem() {
        // Proves short, long, empty, spaced and non-ASCII secrets are refused with a reason.
        for (String bad : new String[] {"", "short", "x".repeat(PeerSecret.MAX_CHARACTERS + 1),
                "sixteen chars ok!", "0123456789abcdef\u00e9"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> PeerSecret.of(bad));
            assertFalse(!bad.isEmpty() && refused.getMessage().contains(bad),
                    refused.getMessage());
        }
        assertEquals("PeerSecret[32 characters]", PeerSecret.of(SECRET).toString());
    }
}
