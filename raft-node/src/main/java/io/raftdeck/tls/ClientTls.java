package io.raftdeck.tls;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The one place that builds a client's channel credentials (the CLI's client commands, the
 * console, bench and chaos): plaintext without TLS files, else TLS that checks the node's
 * certificate against {@code ca} (the system's CAs without one) and its host name against the
 * address dialed, showing {@code certificate} when given. The files are read here first, so
 * that a wrong one is one line naming flag and file rather than a failed handshake later.
 */
public final class ClientTls {

    private ClientTls() {
    }

    /**
     * @param ca          CA that signed the nodes' certificates, or null for the system's
     * @param certificate the client's certificate, or null to show none
     * @param key         its private key; null exactly when {@code certificate} is
     * @throws TlsFileException naming the flag and file that cannot be used
     */
    public static ChannelCredentials credentials(TlsFile ca, TlsFile certificate, TlsFile key)
            throws TlsFileException {
        if (ca == null && certificate == null && key == null) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
        if (ca != null) {
            PemFiles.certificates(ca);
            try {
                builder.trustManager(ca.path().toFile());
            } catch (IOException e) {
                throw new TlsFileException(ca, "cannot be read (" + e.getMessage() + ")");
            }
        }
        if (certificate != null && key != null) {
            X509Certificate[] chain = PemFiles.certificates(certificate);
            PrivateKey privateKey = PemFiles.privateKey(key);
            PemFiles.checkKeyMatches(privateKey, key, chain[0], certificate);
            try {
                builder.keyManager(certificate.path().toFile(), key.path().toFile());
            } catch (IOException e) {
                throw new TlsFileException(certificate, "cannot be read (" + e.getMessage()
                        + ")");
            }
        }
        return builder.build();
    }
}
