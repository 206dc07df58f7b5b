package io.raftdeck.launcher;

import io.raftdeck.tls.NodeTls;
import io.raftdeck.tls.TlsFile;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code raftdeck node}'s TLS flags. The node serves clients and peers on one port with one
 * certificate: {@code --tls-cert} without peer TLS, else its peer certificate. The files are
 * checked when the node starts (one line naming flag and file, exit 2) and re-read when they
 * change.
 */
final class NodeTlsOptions {

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve TLS with this certificate (PEM, leaf first); needs --tls-key. "
                    + "Without peer TLS the members then dial each other over TLS too, "
                    + "encrypted but unchecked. Not with --peer-tls-cert, whose certificate "
                    + "serves clients as well.")
    private Path certificate;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "Private key of --tls-cert (unencrypted PKCS#8 PEM).")
    private Path key;

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "CA (PEM) that signs client certificates; a certificate shown is "
                    + "checked against it.")
    private Path clientCa;

    @Option(names = "--client-cert-auth",
            description = "Refuse client calls (UNAUTHENTICATED) without a certificate signed "
                    + "by --tls-ca. Needs --tls-ca and peer TLS (members forward client "
                    + "requests with their own certificates).")
    private boolean clientCertAuth;

    @Option(names = "--peer-tls-cert", paramLabel = "FILE",
            description = "This member's certificate (PEM), with subjectAltName "
                    + "URI:raftdeck:node:ID for its --id and both serverAuth and clientAuth "
                    + "usage: peers dial each other over mutual TLS, and a peer may speak only "
                    + "as the member its certificate names. Needs --peer-tls-key and "
                    + "--peer-tls-ca.")
    private Path peerCertificate;

    @Option(names = "--peer-tls-key", paramLabel = "FILE",
            description = "Private key of --peer-tls-cert (unencrypted PKCS#8 PEM).")
    private Path peerKey;

    @Option(names = "--peer-tls-ca", paramLabel = "FILE",
            description = "CA (PEM) that signs every member's certificate; peer calls and the "
                    + "peers this node dials must show one it signed.")
    private Path peerCa;

    /** The files given; empty when no TLS flag is. */
    Optional<NodeTls> tls() {
        if (certificate == null && key == null && clientCa == null && !clientCertAuth
                && peerCertificate == null && peerKey == null && peerCa == null) {
            return Optional.empty();
        }
        return Optional.of(new NodeTls(file("--tls-cert", certificate), file("--tls-key", key),
                file("--tls-ca", clientCa), clientCertAuth,
                file("--peer-tls-cert", peerCertificate), file("--peer-tls-key", peerKey),
                file("--peer-tls-ca", peerCa)));
    }

    private static TlsFile file(String flag, Path path) {
        return path == null ? null : new TlsFile(flag, path);
    }
}
