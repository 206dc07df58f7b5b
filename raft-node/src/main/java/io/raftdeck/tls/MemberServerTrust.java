package io.raftdeck.tls;

import io.raftdeck.transport.RateLimitedLog;
import java.lang.System.Logger.Level;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.SortedSet;

/**
 * The dialing side's check of a peer: the server certificate it reaches must be signed by the
 * members' CA and name the member it meant to dial ({@link MemberNames}), so a node that took
 * over another member's address (or a stale DNS entry) is not talked to as that member. The
 * host name is not checked: the member name is the stronger claim, and members may be dialed
 * by addresses their certificates do not list.
 */
final class MemberServerTrust extends ChainTrust {

    private static final System.Logger LOGGER =
            System.getLogger(MemberServerTrust.class.getName());
    private static final long LOG_EVERY_MS = 60_000;
    private static final RateLimitedLog LOG = new RateLimitedLog(LOGGER, LOG_EVERY_MS);

    private final int selfId;
    private final int member;
    private final CaTrust peerCa;

    MemberServerTrust(int selfId, int member, CaTrust peerCa) {
        this.selfId = selfId;
        this.member = member;
        this.peerCa = peerCa;
    }

    @Override
    void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        peerCa.checkServer(chain, authType);
        SortedSet<Integer> named = MemberNames.named(chain[0]);
        if (!named.contains(member)) {
            String reason = "node " + selfId + " dialed node " + member + " and reached a"
                    + " certificate for " + (named.isEmpty() ? "no member" : "node(s) " + named)
                    + " (" + chain[0].getSubjectX500Principal() + "); it needs the name "
                    + MemberNames.uri(member);
            LOG.log(Level.WARNING, selfId + "->" + member, () -> reason);
            throw new CertificateException(reason);
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return peerCa.getAcceptedIssuers();
    }
}
