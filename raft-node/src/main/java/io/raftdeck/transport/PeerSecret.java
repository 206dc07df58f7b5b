package io.raftdeck.transport;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A secret the members of one cluster share, so that a stranger who can reach a node's port
 * cannot speak the peer protocol (a forged append can make a follower apply an entry no
 * leader wrote) or pose as a node forwarding a client request. Every call a node makes on its
 * peer channels carries it as call metadata; a node compares what it is shown in constant
 * time.
 *
 * <p>Weaker than mutual TLS, and documented so: on a plaintext link anyone who can read the
 * traffic reads the secret, and every member holds the same one, so it proves membership of
 * the cluster, not which member is speaking.
 */
public final class PeerSecret {

    /** Shorter secrets can be guessed; 16 random bytes as hex or base64 are longer. */
    public static final int MIN_CHARACTERS = 16;
    /** Metadata is bounded (8 KiB by default); a secret never needs more than this. */
    public static final int MAX_CHARACTERS = 1024;
    static final Metadata.Key<String> HEADER =
            Metadata.Key.of("raftdeck-peer-secret", Metadata.ASCII_STRING_MARSHALLER);

    private final String secret;
    /** Compared instead of the secret itself, so the comparison reveals not even its length. */
    private final byte[] digest;

    private PeerSecret(String secret) {
        this.secret = secret;
        this.digest = sha256(secret);
    }

    /**
     * The secret {@code text}: printable ASCII (it travels as an HTTP/2 header), without
     * surrounding whitespace, {@value #MIN_CHARACTERS} to {@value #MAX_CHARACTERS} characters.
     *
     * @throws IllegalArgumentException saying which rule it breaks, never quoting it
     */
    public static PeerSecret of(String text) {
        if (text.length() < MIN_CHARACTERS || text.length() > MAX_CHARACTERS) {
            throw new IllegalArgumentException("the peer secret has " + text.length()
                    + " characters; it needs " + MIN_CHARACTERS + " to " + MAX_CHARACTERS);
        }
        if (!text.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("the peer secret must be printable ASCII without"
                    + " spaces (it travels as a header): e.g. the output of"
                    + " 'openssl rand -hex 32'");
        }
        return new PeerSecret(text);
    }

    /**
     * The secret in {@code file}: its whole content without a trailing line break.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when its content is not a usable secret
     */
    public static PeerSecret read(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.US_ASCII);
        return of(content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content);
    }

    /** Put on a channel to a peer: every call on it shows the secret. */
    ClientInterceptor shown() {
        Metadata headers = new Metadata();
        headers.put(HEADER, secret);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /** Whether {@code headers} show this secret; constant time in what they show. */
    public boolean isShownIn(Metadata headers) {
        String shown = headers.get(HEADER);
        return shown != null && MessageDigest.isEqual(digest, sha256(shown));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Never the secret itself: configurations get printed. */
    @Override
    public String toString() {
        return "PeerSecret[" + secret.length() + " characters]";
    }
}
