package io.raftdeck.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust in one CA file's certificates, replaceable while the node runs
 * ({@link CertificateReload}): the JDK's PKIX validation against them, nothing else (no host
 * name check: the members' certificates are checked for their member name instead,
 * {@link MemberServerTrust}). Unlike grpc's {@code AdvancedTlsX509TrustManager}, it also
 * validates a chain outside a handshake, which the per-call checks need to tell which CA
 * signed the certificate a call came with.
 */
final class CaTrust extends ChainTrust {

    private volatile X509TrustManager current;

    /** Trusts {@code cas} from now on, for new handshakes and checks. */
    void update(X509Certificate[] cas) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("an empty key store cannot be made", e);
        }
        for (int i = 0; i < cas.length; i++) {
            store.setCertificateEntry("ca-" + i, cas[i]);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                current = x509;
                return;
            }
        }
        throw new GeneralSecurityException("the JDK's PKIX factory made no X509TrustManager");
    }

    @Override
    void checkClient(X509Certificate[] chain, String authType) throws CertificateException {
        current.checkClientTrusted(chain, authType);
    }

    @Override
    void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        current.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return current.getAcceptedIssuers();
    }
}
