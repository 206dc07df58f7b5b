package io.raftdeck.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The listener's check of a client certificate at the TLS layer: signed by any of the CAs it
 * knows (clients' and members'). Which one signed it, and whether that is enough for the
 * service called, each service's interceptor decides per call.
 */
final class EitherCaTrust extends X509ExtendedTrustManager {

    private final List<X509ExtendedTrustManager> cas;

    EitherCaTrust(List<X509ExtendedTrustManager> cas) {
        this.cas = List.copyOf(cas);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        List<String> reasons = new ArrayList<>();
        for (X509ExtendedTrustManager ca : cas) {
            try {
                if (engine == null) {
                    ca.checkClientTrusted(chain, authType);
                } else {
                    ca.checkClientTrusted(chain, authType, engine);
                }
                return;
            } catch (CertificateException e) {
                reasons.add(e.getMessage());
            }
        }
        throw new CertificateException("no CA of this node signed the client certificate "
                + chain[0].getSubjectX500Principal() + ": " + reasons);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType, (SSLEngine) null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        checkClientTrusted(chain, authType, (SSLEngine) null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a listener's trust checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a listener's trust checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        throw new CertificateException("a listener's trust checks clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return cas.stream().flatMap(ca -> Stream.of(ca.getAcceptedIssuers()))
                .toArray(X509Certificate[]::new);
    }
}
