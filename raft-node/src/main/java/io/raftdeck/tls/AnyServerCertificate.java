package io.raftdeck.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How members dial each other when the port speaks TLS for clients but peer TLS is off: the
 * link is encrypted, the server's certificate taken as shown. No members' CA is configured to
 * check it against, and without peer TLS a peer is not authenticated by its certificate
 * anyway (as on plaintext, only a peer secret says it is a member): see {@link NodeTls}.
 */
final class AnyServerCertificate extends X509ExtendedTrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Taken as shown: see the class comment.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Taken as shown: see the class comment.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // Taken as shown: see the class comment.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a dialing member's trust checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a dialing member's trust checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        throw new CertificateException("a dialing member's trust checks servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
