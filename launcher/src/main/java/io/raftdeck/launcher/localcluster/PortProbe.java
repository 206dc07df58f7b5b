package io.raftdeck.launcher.localcluster;

import io.raftdeck.node.NodeAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Plain TCP checks of a node's port: whether something serves there, or it could be bound. */
final class PortProbe {

    /** A connect on loopback answers at once; this only bounds a misrouted address. */
    private static final int CONNECT_TIMEOUT_MS = 200;

    private PortProbe() {
    }

    /** Whether a TCP connection to {@code address} succeeds right now. */
    static boolean answers(NodeAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()),
                    CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** Whether this process could listen on {@code address} right now. */
    static boolean isFree(NodeAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address.host(), address.port()));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
