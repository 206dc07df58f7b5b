package io.raftdeck.tls;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ServerCall;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A running node's TLS: grpc's reloadable key and trust managers filled from {@link NodeTls}'s
 * files (and refilled when they change, {@link CertificateReload}), the server's credentials,
 * the credentials for dialing each peer, and the per-call question of which CA signed the
 * caller's certificate.
 */
public final class NodeTlsCredentials implements AutoCloseable {

    private final int nodeId;
    private final NodeTls tls;
    private final AdvancedTlsX509KeyManager serverIdentity = new AdvancedTlsX509KeyManager();
    private final CaTrust clientCa;
    private final CaTrust peerCa;
    private final CertificateReload reload;
    /** The chain the listener presents now; for tests and for nothing else. */
    private volatile X509Certificate[] served;

    private NodeTlsCredentials(int nodeId, NodeTls tls) {
        this.nodeId = nodeId;
        this.tls = tls;
        this.clientCa = tls.clientCa() == null ? null : new CaTrust();
        this.peerCa = tls.peerTls() ? new CaTrust() : null;
        this.reload = new CertificateReload(nodeId);
    }

    /**
     * Loads every file of {@code tls} and starts watching them.
     *
     * @throws TlsFileException naming the first flag and file that cannot be used
     */
    public static NodeTlsCredentials load(int nodeId, NodeTls tls, long reloadPeriodMs)
            throws TlsFileException {
        NodeTlsCredentials credentials = new NodeTlsCredentials(nodeId, tls);
        try {
            credentials.loadAll();
        } catch (TlsFileException | RuntimeException e) {
            credentials.close();
            throw e;
        }
        credentials.reload.start(reloadPeriodMs);
        return credentials;
    }

    private void loadAll() throws TlsFileException {
        TlsFile certificate = tls.peerTls() ? tls.peerCertificate() : tls.certificate();
        TlsFile key = tls.peerTls() ? tls.peerKey() : tls.key();
        String what = tls.peerTls() ? "peer certificate" : "server certificate";
        loadIdentity(certificate, key);
        reload.watch(what, List.of(certificate, key), () -> loadIdentity(certificate, key));
        if (clientCa != null) {
            loadCa(clientCa, tls.clientCa());
            reload.watch("client CA", List.of(tls.clientCa()),
                    () -> loadCa(clientCa, tls.clientCa()));
        }
        if (peerCa != null) {
            loadCa(peerCa, tls.peerCa());
            reload.watch("peer CA", List.of(tls.peerCa()), () -> loadCa(peerCa, tls.peerCa()));
        }
    }

    private void loadIdentity(TlsFile certificateFile, TlsFile keyFile) throws TlsFileException {
        X509Certificate[] chain = PemFiles.certificates(certificateFile);
        PrivateKey key = PemFiles.privateKey(keyFile);
        PemFiles.checkKeyMatches(key, keyFile, chain[0], certificateFile);
        if (tls.peerTls() && !MemberNames.named(chain[0]).contains(nodeId)) {
            throw new TlsFileException(certificateFile, "the certificate does not name node "
                    + nodeId + ": peer certificates need the subjectAltName URI:"
                    + MemberNames.uri(nodeId) + " (it names " + MemberNames.named(chain[0])
                    + ")");
        }
        serverIdentity.updateIdentityCredentials(chain, key);
        served = chain;
    }

    private static void loadCa(CaTrust manager, TlsFile file) throws TlsFileException {
        X509Certificate[] cas = PemFiles.certificates(file);
        try {
            manager.update(cas);
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file, "cannot trust these certificates (" + e + ")");
        }
    }

    /** The listener's credentials: TLS, a client certificate optional, verified if shown. */
    public ServerCredentials serverCredentials() {
        TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder()
                .keyManager(serverIdentity);
        List<CaTrust> cas = new ArrayList<>();
        if (peerCa != null) {
            cas.add(peerCa);
        }
        if (clientCa != null) {
            cas.add(clientCa);
        }
        if (!cas.isEmpty()) {
            builder.trustManager(new EitherCaTrust(cas))
                    .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL);
        }
        return builder.build();
    }

    /**
     * Credentials for dialing {@code member}: under peer TLS mutual TLS, its certificate
     * checked for its name; else TLS without a check ({@link AnyServerCertificate}), since the
     * port speaks only TLS.
     */
    public ChannelCredentials peerCredentials(int member) {
        if (peerCa == null) {
            return TlsChannelCredentials.newBuilder()
                    .trustManager(new AnyServerCertificate()).build();
        }
        return TlsChannelCredentials.newBuilder()
                .keyManager(serverIdentity)
                .trustManager(new MemberServerTrust(nodeId, member, peerCa))
                .build();
    }

    /** Whether peers talk mutual TLS. */
    public boolean peerTls() {
        return peerCa != null;
    }

    /** Whether client calls need a client certificate. */
    public boolean clientCertAuth() {
        return tls.clientCertAuth();
    }

    /**
     * The certificate chain {@code call}'s caller showed, if it showed one signed by the
     * members' CA. The TLS layer checked it against all CAs; this says which.
     */
    public Optional<X509Certificate[]> memberChain(ServerCall<?, ?> call) {
        return signedBy(peerCa, call);
    }

    /** Whether {@code call}'s caller showed a certificate signed by the clients' CA. */
    public boolean isClientCertified(ServerCall<?, ?> call) {
        return signedBy(clientCa, call).isPresent();
    }

    /**
     * The certificate {@code call}'s caller showed, if one signed by the clients' CA: whose
     * subject the admin calls check ({@code access.AdminAccess}).
     */
    public Optional<X509Certificate> clientCertificate(ServerCall<?, ?> call) {
        return signedBy(clientCa, call).map(chain -> chain[0]);
    }

    private static Optional<X509Certificate[]> signedBy(CaTrust ca,
                                                        ServerCall<?, ?> call) {
        Optional<X509Certificate[]> chain = shownChain(call);
        if (ca == null || chain.isEmpty()) {
            return Optional.empty();
        }
        try {
            ca.checkClient(chain.get(), "UNKNOWN");
            return chain;
        } catch (CertificateException e) {
            return Optional.empty();
        }
    }

    private static Optional<X509Certificate[]> shownChain(ServerCall<?, ?> call) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] shown = session.getPeerCertificates();
            X509Certificate[] chain = new X509Certificate[shown.length];
            for (int i = 0; i < shown.length; i++) {
                if (!(shown[i] instanceof X509Certificate x509)) {
                    return Optional.empty();
                }
                chain[i] = x509;
            }
            return chain.length == 0 ? Optional.empty() : Optional.of(chain);
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** The certificate the listener presents to new connections. */
    X509Certificate servedCertificate() {
        return served[0];
    }

    /** Reloads changed files now instead of at the next poll. */
    void reloadNow() {
        reload.checkNow();
    }

    @Override
    public void close() {
        reload.close();
    }
}
