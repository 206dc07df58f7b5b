package io.raftdeck.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The listener's check of a client certificate at the TLS layer: signed by any of the CAs it
 * knows (clients' and members'). Which one signed it, and whether that is enough for the
 * service called, each service's interceptor decides per call.
 */
final class EitherCaTrust extends ChainTrust {

    private final List<CaTrust> cas;

    EitherCaTrust(List<CaTrust> cas) {
        this.cas = List.copyOf(cas);
    }

    @Override
    void checkClient(X509Certificate[] chain, String authType) throws CertificateException {
        List<String> reasons = new ArrayList<>();
        for (CaTrust ca : cas) {
            try {
                ca.checkClient(chain, authType);
                return;
            } catch (CertificateException e) {
                reasons.add(e.getMessage());
            }
        }
        throw new CertificateException("no CA of this node signed the client certificate "
                + chain[0].getSubjectX500Principal() + ": " + reasons);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return cas.stream().flatMap(ca -> Stream.of(ca.getAcceptedIssuers()))
                .toArray(X509Certificate[]::new);
    }
}
