package io.raftdeck.core;

import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.Message.TimeoutNow;
import io.raftdeck.core.events.CommitAdvanced;
import io.raftdeck.core.events.EventSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What only a leader keeps (Raft Figure 2, "volatile state on leaders", and what the thesis adds
 * to it): a {@link ReplicationProgress} per follower, the reads waiting to be confirmed, and a
 * leadership transfer if one is under way. A {@link RaftCore} creates one when it wins an
 * election and drops it when it stops leading, so no leader-only state outlives the term it
 * was built for and nothing needs resetting by hand.
 *
 * <p>Messages go into the core's outbox and confirmed reads into its read states; both are
 * handed out in the next {@link Ready}.
 */
final class LeaderState {

    private final RaftConfig config;
    private final RaftLog log;
    /** The term this node leads; it never changes while this object lives. */
    private final long term;
    private final List<ReadState> readStates;
    private final Replicator replicator;
    private final List<Message> outbox;
    private final EventSink events;
    private final Map<Integer, ReplicationProgress> progress = new TreeMap<>();
    /** Reads waiting for a heartbeat round to confirm leadership (thesis §6.4). */
    private final ReadIndexRounds readRounds = new ReadIndexRounds();
    /** Reads asked for before an entry of this term committed; they wait for it. */
    private final List<Long> readsAwaitingTermCommit = new ArrayList<>();
    /** New entries were appended that have not been offered to followers yet. */
    private boolean appendsPending;
    /**
     * Bytes ({@link Entry#sizeBytes}) of the entries of this term not committed yet: what the
     * uncommitted tail costs in memory, bounded by {@link RaftCore#MAX_UNCOMMITTED_BYTES}.
     * Entries inherited from earlier terms are not counted: this leader did not accept them.
     */
    private long uncommittedBytes;
    private int heartbeatElapsedTicks;
    /** The transfer under way (thesis §3.10), or null. */
    private LeaderTransfer transfer;

    /**
     * The leader of {@code term}, which knows nothing yet of its followers' logs: each is
     * probed from just past this leader's last entry (Raft §5.3, nextIndex initialization).
     */
    LeaderState(RaftConfig config, RaftLog log, long term, List<Message> outbox,
                List<ReadState> readStates, EventSink events) {
        this.events = events;
        this.config = config;
        this.log = log;
        this.term = term;
        this.outbox = outbox;
        this.readStates = readStates;
        this.replicator = new Replicator(config, log, term, outbox);
        for (int peer : config.members()) {
            if (peer != config.id()) {
                progress.put(peer, new ReplicationProgress(peer, log.lastIndex() + 1));
            }
        }
    }

    // ---------------------------------------------------------------- inputs

    /**
     * Appends an entry of this term to the leader's log. Followers are offered it, with any
     * others appended meanwhile, when the next Ready is built.
     */
    void append(Entry entry) {
        log.append(entry);
        uncommittedBytes += entry.sizeBytes();
        appendsPending = true;
    }

    /**
     * Whether an entry of {@code sizeBytes} fits in the uncommitted tail (etcd's
     * MaxUncommittedEntriesSize). An empty tail takes any one entry, so a command as large as
     * the limit can still be written.
     */
    boolean hasRoomFor(int sizeBytes) {
        return uncommittedBytes == 0
                || uncommittedBytes + sizeBytes <= RaftCore.MAX_UNCOMMITTED_BYTES;
    }

    /**
     * One tick of the leader's clock. Returns false when check-quorum finds a majority
     * silent: the caller then steps down, and nothing else was done.
     */
    boolean tick() {
        for (ReplicationProgress peer : progress.values()) {
            peer.ticksSinceContact++;
        }
        if (config.checkQuorum() && !quorumRecentlyActive()) {
            // Check-quorum: a leader cut off from a majority steps down instead of accepting
            // writes that can never commit; its followers have moved on by now.
            return false;
        }
        if (transfer != null && transfer.tickExpired()) {
            // The target did not take over within an election timeout: keep leading.
            transfer = null;
        }
        heartbeatElapsedTicks++;
        if (heartbeatElapsedTicks >= config.heartbeatTicks()) {
            heartbeatElapsedTicks = 0;
            for (ReplicationProgress peer : progress.values()) {
                replicator.heartbeat(peer);
            }
        }
        return true;
    }

    /**
     * Whether a majority, this leader included, answered within the maximum election timeout.
     * The maximum, not the minimum: followers wait at least that long before they even ask
     * for pre-votes, and a leader on a busy machine must not step down over one slow round.
     */
    private boolean quorumRecentlyActive() {
        int active = 1;
        for (ReplicationProgress peer : progress.values()) {
            if (peer.ticksSinceContact < config.electionTimeoutMaxTicks()) {
                active++;
            }
        }
        return active >= config.quorum();
    }

    /** See {@link RaftCore#readIndex(long)}. */
    ReadIndexResult readIndex(long requestId) {
        if (transfer != null) {
            return ReadIndexResult.NOT_LEADER;
        }
        if (readRounds.isFull()
                || readsAwaitingTermCommit.size() >= ReadIndexRounds.MAX_PENDING_READS) {
            return ReadIndexResult.OVERLOADED;
        }
        if (log.term(log.committed()) != term) {
            // Until an entry of its own term commits, a new leader does not know the true
            // commit index (thesis §6.4 step 1): the read waits for the no-op.
            readsAwaitingTermCommit.add(requestId);
        } else {
            readRounds.add(requestId, log.committed(), config.id());
        }
        return ReadIndexResult.PENDING;
    }

    /**
     * Starts handing leadership to {@code target}, a follower, replacing any transfer under
     * way: the target is brought up to date, then told to campaign at once.
     */
    void transferTo(int target) {
        transfer = new LeaderTransfer(target, config.electionTimeoutMaxTicks());
        ReplicationProgress peer = progress.get(target);
        if (peer.matchIndex == log.lastIndex()) {
            sendTimeoutNow(peer);
        } else {
            replicator.sendAppends(peer);
        }
    }

    boolean transferring() {
        return transfer != null;
    }

    /** The node leadership is being handed to, or 0. */
    int transferTarget() {
        return transfer == null ? 0 : transfer.target;
    }

    void handleAppendResponse(AppendResponse response) {
        ReplicationProgress peer = progress.get(response.from());
        peer.ticksSinceContact = 0;
        if (response.context() != 0) {
            // Any answer in our term shows the follower still took us for leader.
            readStates.addAll(readRounds.acknowledge(response.context(), response.from(),
                    config.quorum()));
        }
        if (response.success()) {
            if (response.matchIndex() > log.lastIndex()) {
                return; // cannot be ours: ignore rather than trust it
            }
            if (peer.acknowledge(response.matchIndex())) {
                maybeCommit();
            }
        } else if (response.lastLogIndex() < peer.matchIndex) {
            // The follower acknowledged entries it no longer holds: its disk lost synced
            // writes (a cut WAL tail). Believing the old matchIndex would probe above its log
            // forever; commitIndex never moves back, so forgetting is only more cautious.
            peer.lostEntriesAfter(response.lastLogIndex());
        } else if (peer.isCurrentRejection(response.rejectedIndex())) {
            peer.probeFrom(nextIndexAfterRejection(response));
        }
        replicator.sendAppends(peer);
        if (peer.peerId == transferTarget() && peer.matchIndex == log.lastIndex()) {
            sendTimeoutNow(peer);
        }
    }

    private void sendTimeoutNow(ReplicationProgress peer) {
        if (transfer.takeTimeoutNow()) {
            outbox.add(new TimeoutNow(config.id(), peer.peerId, term));
        }
    }

    /**
     * Fast backtracking (Raft §5.3, last paragraphs): skip the follower's whole conflicting term
     * instead of one entry per round trip. If we hold entries of the follower's conflicting term,
     * retry just after our last one; otherwise retry at the first index of that term.
     */
    private long nextIndexAfterRejection(AppendResponse response) {
        long next;
        if (response.conflictTerm() == 0) {
            next = response.conflictIndex();
        } else {
            long ourLast = log.lastIndexOfTerm(response.conflictTerm());
            next = ourLast > 0 ? ourLast + 1 : response.conflictIndex();
        }
        return Math.max(1, Math.min(next, log.lastIndex() + 1));
    }

    /**
     * Raft §5.3/§5.4.2: the highest index stored on a majority becomes committed, but only if
     * its entry is from the current term; earlier entries commit with it (Figure 8). The
     * leader counts its own copy only once it is durable (stable).
     */
    void maybeCommit() {
        long[] matched = new long[config.members().size()];
        int i = 0;
        matched[i++] = log.stableIndex();
        for (ReplicationProgress peer : progress.values()) {
            matched[i++] = peer.matchIndex;
        }
        Arrays.sort(matched);
        long quorumIndex = matched[matched.length - config.quorum()];
        if (quorumIndex > log.committed() && log.term(quorumIndex) == term) {
            for (long index = log.committed() + 1; index <= quorumIndex; index++) {
                Entry entry = log.entry(index);
                if (entry.term() == term) {
                    uncommittedBytes -= entry.sizeBytes();
                }
            }
            long before = log.committed();
            log.commitTo(quorumIndex);
            if (events.listening()) {
                events.emit(new CommitAdvanced(before, quorumIndex, term, config.id(),
                        acknowledged(quorumIndex)));
            }
            for (long requestId : readsAwaitingTermCommit) {
                readRounds.add(requestId, log.committed(), config.id());
            }
            readsAwaitingTermCommit.clear();
        }
    }

    /** The members whose log holds {@code index}, this leader once its copy is durable. */
    private List<Integer> acknowledged(long index) {
        List<Integer> acks = new ArrayList<>();
        if (log.stableIndex() >= index) {
            acks.add(config.id());
        }
        for (ReplicationProgress peer : progress.values()) {
            if (peer.matchIndex >= index) {
                acks.add(peer.peerId);
            }
        }
        acks.sort(null);
        return acks;
    }

    // ---------------------------------------------------------------- outputs

    /**
     * Whether {@link #sendPending()} has work: new entries to offer, or reads waiting for their
     * heartbeat round. Asking changes nothing. Either makes the next Ready non-empty: pending
     * appends are unstable entries still to persist, and an open round yields heartbeats to
     * the followers, or, with none, the reads it confirms at once.
     */
    boolean hasPending() {
        return appendsPending || readRounds.hasOpenRound();
    }

    /**
     * Offers the entries appended since the last Ready to every follower, and sends the
     * heartbeat round that confirms the reads asked for since then. Deferred to here so that
     * everything proposed between two Readys travels in one append per follower.
     */
    void sendPending() {
        if (appendsPending) {
            appendsPending = false;
            for (ReplicationProgress peer : progress.values()) {
                replicator.sendAppends(peer);
            }
        }
        long round = readRounds.takeOpenRound();
        if (round != 0) {
            // With no other voters this leader's own acknowledgement is already a majority.
            readStates.addAll(readRounds.acknowledge(round, config.id(), config.quorum()));
            for (ReplicationProgress peer : progress.values()) {
                replicator.sendHeartbeat(peer, round);
            }
        }
    }

    /** Each follower's progress, for status. */
    List<PeerProgress> peers() {
        List<PeerProgress> peers = new ArrayList<>();
        for (ReplicationProgress peer : progress.values()) {
            peers.add(new PeerProgress(peer.peerId, peer.matchIndex, peer.nextIndex,
                    peer.ticksSinceContact));
        }
        return peers;
    }
}
