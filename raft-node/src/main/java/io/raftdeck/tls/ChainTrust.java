package io.raftdeck.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager as the TLS stack wants it (six check methods, with and without socket or
 * engine), reduced to the two questions this package answers: is this client's chain trusted,
 * is this server's. Neither depends on the socket or engine (host names are not what raftdeck
 * checks), and a side a subclass does not answer is refused.
 */
abstract class ChainTrust extends X509ExtendedTrustManager {

    /** Accepts {@code chain} as a client's, or throws saying why not. */
    void checkClient(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust checks servers only");
    }

    /** Accepts {@code chain} as a server's, or throws saying why not. */
    void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust checks clients only");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        checkClient(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType,
                                         Socket socket) throws CertificateException {
        checkClient(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType,
                                         SSLEngine engine) throws CertificateException {
        checkClient(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        checkServer(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType,
                                         Socket socket) throws CertificateException {
        checkServer(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType,
                                         SSLEngine engine) throws CertificateException {
        checkServer(chain, authType);
    }
}
