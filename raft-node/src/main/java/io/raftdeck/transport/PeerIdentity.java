package io.raftdeck.transport;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.raftdeck.storage.Incarnation;
import java.util.Optional;

/**
 * Who speaks on a peer call: the member id and the incarnation of its data
 * ({@link Incarnation}), shown as call metadata on every call a node makes to its peers, so
 * that a peer can tell the node it knew from one that lost its data ({@link IncarnationCheck}).
 * Shown once per call, not per message: a peer stream carries one sender.
 */
public record PeerIdentity(int member, Incarnation incarnation) {

    static final Metadata.Key<String> HEADER =
            Metadata.Key.of("raftdeck-peer", Metadata.ASCII_STRING_MARSHALLER);

    /** Put on a channel to a peer: every call on it shows this identity. */
    ClientInterceptor shown() {
        Metadata headers = new Metadata();
        headers.put(HEADER, member + "/" + incarnation);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /**
     * The identity {@code headers} show; empty when they show none (a raftdeck older than
     * incarnations, or a tool sending one message).
     *
     * @throws IllegalArgumentException when the header is not {@code ID/16-hex-digits}
     */
    public static Optional<PeerIdentity> shownIn(Metadata headers) {
        String text = headers.get(HEADER);
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("the " + HEADER.name()
                    + " header must be ID/INCARNATION");
        }
        try {
            return Optional.of(new PeerIdentity(Integer.parseInt(text.substring(0, slash)),
                    Incarnation.parse(text.substring(slash + 1))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + HEADER.name() + " header must be"
                    + " ID/INCARNATION: " + e.getMessage());
        }
    }
}
