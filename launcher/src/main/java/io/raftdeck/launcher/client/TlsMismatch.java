package io.raftdeck.launcher.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.service.WriteOutcome;
import io.raftdeck.tls.ServedCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

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
        return ServedCertificate.of(node.host(), node.port(), PROBE_MS).isPresent();
    }

    private static boolean speaksAtAll(NodeAddress node) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(node.host(), node.port()), PROBE_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
