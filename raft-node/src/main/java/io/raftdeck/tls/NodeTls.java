package io.raftdeck.tls;

import java.util.Optional;

/**
 * A node's TLS files. The node serves one port for clients and peers, so it presents one
 * server certificate: {@code certificate} when peer TLS is off, else the peer certificate
 * (which then serves clients too). Client certificates are optional at the TLS layer and
 * checked per call: the peer service admits only certificates signed by {@code peerCa} that
 * name the member the call claims to be ({@link MemberNames}); with {@code clientCertAuth} the
 * client services admit only certificates signed by {@code clientCa} (or a member's, which
 * forwards client requests).
 *
 * <p>Without peer TLS but with a server certificate the port speaks only TLS, so members dial
 * each other over TLS too, without checking the certificate they reach (there is no members'
 * CA to check it against): the traffic is encrypted against readers, and peers are
 * authenticated no more than on plaintext (by {@code --peer-secret-file}, if given).
 *
 * @param certificate     the server certificate for client traffic ({@code --tls-cert}), or null
 * @param key             its private key ({@code --tls-key}), or null
 * @param clientCa        CA that signs client certificates ({@code --tls-ca}), or null
 * @param clientCertAuth  whether client calls need a certificate signed by {@code clientCa}
 * @param peerCertificate this member's certificate, server and client ({@code --peer-tls-cert})
 * @param peerKey         its private key ({@code --peer-tls-key})
 * @param peerCa          CA that signs every member's certificate ({@code --peer-tls-ca})
 */
public record NodeTls(TlsFile certificate, TlsFile key, TlsFile clientCa,
                      boolean clientCertAuth, TlsFile peerCertificate, TlsFile peerKey,
                      TlsFile peerCa) {

    /** Whether peers talk mutual TLS. */
    public boolean peerTls() {
        return peerCertificate != null;
    }

    /**
     * What is wrong with this combination of flags, in one line; empty when it is usable.
     * Whether the files themselves are usable is checked when the node loads them.
     */
    public Optional<String> problem() {
        if ((certificate == null) != (key == null)) {
            return Optional.of(certificate == null ? "--tls-key needs --tls-cert"
                    : "--tls-cert needs --tls-key");
        }
        if (!((peerCertificate == null) == (peerKey == null)
                && (peerKey == null) == (peerCa == null))) {
            return Optional.of("--peer-tls-cert, --peer-tls-key and --peer-tls-ca go together:"
                    + " give all three or none");
        }
        if (certificate != null && peerCertificate != null) {
            return Optional.of("--tls-cert and --peer-tls-cert both given: the node serves"
                    + " clients and peers on one port with one certificate, so with peer TLS"
                    + " its peer certificate serves clients too; drop --tls-cert and --tls-key");
        }
        if (clientCertAuth && clientCa == null) {
            return Optional.of("--client-cert-auth needs --tls-ca, the CA that signs the"
                    + " client certificates");
        }
        if (clientCertAuth && peerCertificate == null) {
            return Optional.of("--client-cert-auth needs peer TLS (--peer-tls-cert,"
                    + " --peer-tls-key, --peer-tls-ca): members forward client requests to"
                    + " their leader, and show a member's certificate to do so");
        }
        if (clientCa != null && certificate == null && peerCertificate == null) {
            return Optional.of("--tls-ca needs a server certificate: --tls-cert and --tls-key"
                    + " (or peer TLS)");
        }
        return Optional.empty();
    }
}
