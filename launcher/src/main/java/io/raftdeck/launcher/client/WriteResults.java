package io.raftdeck.launcher.client;

import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.proto.v1.WriteResponse;
import java.security.SecureRandom;

/** What the write subcommands share: their session and how they print a committed write. */
final class WriteResults {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WriteResults() {
    }

    /**
     * One invocation is one client session with one request. The client retries the request
     * on another node when one fails, and the session lets the cluster apply it only once.
     */
    static SessionRef freshSession() {
        long clientId = 0;
        while (clientId == 0) {
            clientId = RANDOM.nextLong();
        }
        return SessionRef.newBuilder().setClientId(clientId).setSequence(1).build();
    }

    static String ok(WriteResponse response) {
        return "OK index=" + response.getIndex() + " term=" + response.getTerm();
    }
}
