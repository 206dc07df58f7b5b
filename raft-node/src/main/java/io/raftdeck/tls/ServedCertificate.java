package io.raftdeck.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Asks a port for a TLS handshake and says which certificate it presented, judging nothing
 * and sending nothing after the handshake: whether a node speaks TLS at all (the CLI's hint
 * for a client that dials it wrong), and which certificate a new connection gets.
 */
public final class ServedCertificate {

    private ServedCertificate() {
    }

    /**
     * The certificate {@code host}:{@code port} presents to a new TLS connection; empty when it
     * does not complete a handshake within {@code timeoutMs} (plaintext, closed, silent).
     */
    public static Optional<X509Certificate> of(String host, int port, int timeoutMs) {
        AtomicReference<X509Certificate> presented = new AtomicReference<>();
        ChainTrust recording = new ChainTrust() {
            @Override
            void checkServer(X509Certificate[] chain, String authType) {
                presented.set(chain[0]); // recorded, not trusted: nothing is sent on it
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recording}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), timeoutMs);
                socket.setSoTimeout(timeoutMs);
                socket.startHandshake();
            }
        } catch (IOException | GeneralSecurityException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(presented.get());
    }
}
