package io.raftdeck.tls;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The TLS files of a test cluster under one directory: a members' CA with a certificate per
 * member, a clients' CA with one client certificate, and the {@link NodeTls} and client
 * credentials built from them, as an operator would lay them out with openssl.
 */
public final class TlsFixture {

    private final Path dir;
    private final TestCertificates peerCa;
    private final TestCertificates clientCa;

    private TlsFixture(Path dir) throws IOException, GeneralSecurityException {
        this.dir = dir;
        this.peerCa = TestCertificates.newCa("raftdeck members CA");
        this.clientCa = TestCertificates.newCa("raftdeck clients CA");
        peerCa.writeCa(peerCaFile());
        clientCa.writeCa(clientCaFile());
        clientCa.issue("raftdeck client", List.of(), clientCertificate(), clientKey());
    }

    /** New CAs and a client certificate in {@code dir}. */
    public static TlsFixture in(Path dir) throws IOException, GeneralSecurityException {
        return new TlsFixture(dir);
    }

    public TestCertificates peerCa() {
        return peerCa;
    }

    public Path peerCaFile() {
        return dir.resolve("members-ca.pem");
    }

    public Path clientCaFile() {
        return dir.resolve("clients-ca.pem");
    }

    public Path memberCertificate(int member) {
        return dir.resolve("node-" + member + ".pem");
    }

    public Path memberKey(int member) {
        return dir.resolve("node-" + member + "-key.pem");
    }

    public Path clientCertificate() {
        return dir.resolve("client.pem");
    }

    public Path clientKey() {
        return dir.resolve("client-key.pem");
    }

    /** Issues member {@code id}'s certificate, signed by the members' CA. */
    public void issueMember(int member) throws IOException, GeneralSecurityException {
        peerCa.issueMember(member, memberCertificate(member), memberKey(member));
    }

    /** Peer mutual TLS for {@code member}, whose certificate serves clients too. */
    public NodeTls peerTls(int member) {
        return new NodeTls(null, null, null, false,
                new TlsFile("--peer-tls-cert", memberCertificate(member)),
                new TlsFile("--peer-tls-key", memberKey(member)),
                new TlsFile("--peer-tls-ca", peerCaFile()));
    }

    /** {@link #peerTls}, and client calls need a certificate from the clients' CA. */
    public NodeTls peerTlsWithClientCertAuth(int member) {
        NodeTls peer = peerTls(member);
        return new NodeTls(null, null, new TlsFile("--tls-ca", clientCaFile()), true,
                peer.peerCertificate(), peer.peerKey(), peer.peerCa());
    }

    /** A client that checks the node against the members' CA and shows no certificate. */
    public ChannelCredentials anonymousClient() throws IOException {
        return TlsChannelCredentials.newBuilder().trustManager(peerCaFile().toFile()).build();
    }

    /** A client that shows the clients' certificate. */
    public ChannelCredentials certifiedClient() throws IOException {
        return TlsChannelCredentials.newBuilder().trustManager(peerCaFile().toFile())
                .keyManager(clientCertificate().toFile(), clientKey().toFile()).build();
    }

    /** A client showing member {@code member}'s certificate, as that member's node would. */
    public ChannelCredentials asMember(int member) throws IOException {
        return TlsChannelCredentials.newBuilder().trustManager(peerCaFile().toFile())
                .keyManager(memberCertificate(member).toFile(), memberKey(member).toFile())
                .build();
    }
}
