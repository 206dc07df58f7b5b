package io.raftdeck.tls;

import java.security.cert.X509Certificate;

/**
 * How members dial each other when the port speaks TLS for clients but peer TLS is off: the
 * link is encrypted, the server's certificate taken as shown. No members' CA is configured to
 * check it against, and without peer TLS a peer is not authenticated by its certificate
 * anyway (as on plaintext, only a peer secret says it is a member): see {@link NodeTls}.
 */
final class AnyServerCertificate extends ChainTrust {

    @Override
    void checkServer(X509Certificate[] chain, String authType) {
        // Taken as shown: see the class comment.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
