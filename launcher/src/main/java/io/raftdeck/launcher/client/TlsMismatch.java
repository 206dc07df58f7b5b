package io.raftdeck.launcher.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.service.WriteOutcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Tells a client that speaks plaintext to a TLS node, or TLS to a plaintext one, what is
 * wrong in one line, instead of gRPC's "Network closed for unknown reason" until the timeout.
 * Only after a connection broke (never for a refused one): it asks the node for a TLS
 * handshake, bounded by {@link #PROBE_MS}, and sends nothing else.
 */
final class TlsMismatch {

    static final int PROBE_MS = 1_000;

    private TlsMismatch() {
    }

    /** The failure to report for {@code e} from {@code node}, if TLS is the cause. */
    static Optional<CommandFailure> of(NodeAddress node, boolean clientTls,
                                       StatusRuntimeException e) {
        Status status = e.getStatus();
        if (status.getCode() != Status.Code.UNAVAILABLE
                || WriteOutcome.isRefusedConnection(status)) {
            return Optional.empty();
        }
        boolean nodeTls = speaksTls(node);
        if (nodeTls && !clientTls) {
            return Optional.of(new CommandFailure(ExitCodes.USAGE, node + " speaks TLS and"
                    + " this client does not: pass --tls-ca FILE, the CA that signed the nodes'"
                    + " certificates (and --tls-cert/--tls-key if they ask for one)"));
        }
        if (!nodeTls && clientTls && speaksAtAll(node)) {
            return Optional.of(new CommandFailure(ExitCodes.USAGE, node + " does not speak"
                    + " TLS: drop --tls-ca, --tls-cert and --tls-key for this cluster"));
        }
        return Optional.empty();
    }

    /** Whether {@code node} completes a TLS handshake; its certificate is not judged here. */
    private static boolean speaksTls(NodeAddress node) {
        TrustManager anyCertificate = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // Only asks whether the node talks TLS; the real channel checks the chain.
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {anyCertificate}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(node.host(), node.port()), PROBE_MS);
                socket.setSoTimeout(PROBE_MS);
                socket.startHandshake();
                return true;
            }
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean speaksAtAll(NodeAddress node) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(node.host(), node.port()), PROBE_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
