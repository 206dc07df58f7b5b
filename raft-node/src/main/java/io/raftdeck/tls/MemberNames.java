package io.raftdeck.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How a peer certificate says which member it belongs to: a subjectAltName URI
 * {@code raftdeck:node:ID} (e.g. {@code URI:raftdeck:node:3}). A name of its own rather than
 * the host, so that members sharing a host (or a load balancer's address) still differ, and a
 * certificate names the member it was issued for wherever that member runs. SPIFFE and
 * Kubernetes bind identities to URI SANs the same way; etcd checks the peer's host or CN.
 */
public final class MemberNames {

    public static final String URI_PREFIX = "raftdeck:node:";
    /** subjectAltName's uniformResourceIdentifier, RFC 5280 4.2.1.6. */
    private static final int URI_NAME = 6;

    private MemberNames() {
    }

    /** The name a certificate for {@code member} carries. */
    public static String uri(int member) {
        return URI_PREFIX + member;
    }

    /** The members {@code certificate} names; empty when it names none. */
    public static SortedSet<Integer> named(X509Certificate certificate) {
        SortedSet<Integer> members = new TreeSet<>();
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return members;
        }
        if (names == null) {
            return members;
        }
        for (List<?> name : names) {
            if (name.size() >= 2 && Integer.valueOf(URI_NAME).equals(name.get(0))
                    && name.get(1) instanceof String uri && uri.startsWith(URI_PREFIX)) {
                try {
                    members.add(Integer.parseInt(uri.substring(URI_PREFIX.length())));
                } catch (NumberFormatException e) {
                    // Not one of ours; a certificate may carry other URIs.
                }
            }
        }
        return members;
    }
}
