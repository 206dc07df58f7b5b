package io.raftdeck.core;

import io.raftdeck.core.Message.AppendRequest;
import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.Message.InstallSnapshot;
import io.raftdeck.core.Message.TimeoutNow;
import io.raftdeck.core.Message.VoteRequest;
import io.raftdeck.core.Message.VoteResponse;
import io.raftdeck.core.events.AppendAccepted;
import io.raftdeck.core.events.AppendRejected;
import io.raftdeck.core.events.AppendRejection;
import io.raftdeck.core.events.CommitAdvanced;
import io.raftdeck.core.events.ElectionTimerFired;
import io.raftdeck.core.events.ElectionTimerReset;
import io.raftdeck.core.events.EventSink;
import io.raftdeck.core.events.RaftEvent;
import io.raftdeck.core.events.RoleChanged;
import io.raftdeck.core.events.VoteDecided;
import io.raftdeck.core.events.VoteRefusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The Raft algorithm as a deterministic state machine: no threads, no I/O, no clock, no global
 * random. Time arrives as {@link #tick()}, peers' messages as {@link #step(Message)}, client
 * commands as {@link #propose(byte[])}. Nothing is performed here: the work to do comes out as a
 * {@link Ready} that the caller persists, sends and applies, then acknowledges with
 * {@link #advance(Ready)}. Between {@link #ready()} and {@link #advance(Ready)} no other method
 * may be called, so a Ready always describes the current state exactly.
 *
 * <p>Not thread-safe: one owner thread (the node's event loop, or the simulator) drives it.
 */
public final class RaftCore {

    /** Upper bound on committed entries handed out in one Ready. */
    static final int MAX_APPLY_BATCH = 4096;

    /**
     * How far ahead of ours a peer's term may be. No honest peer gets 2^32 elections ahead;
     * a forged or corrupt term near 2^63 taken as Raft says would make the next election's
     * term + 1 overflow and stop the node, and spread to the whole cluster through replies.
     */
    public static final long MAX_TERM_JUMP = 1L << 32;

    /**
     * The most a leader holds in entries of its term that have not committed (their
     * {@link Entry#sizeBytes}); past it, proposals are refused until commits catch up. Without
     * a bound, a leader whose followers are slow (a stalled disk, a congested link) keeps
     * accepting writes whose callers time out, and its log grows in memory until the heap is
     * gone. 64 MiB is four of the largest commands a node accepts and tens of thousands of
     * ordinary ones: far beyond what a healthy cluster has in flight.
     */
    public static final long MAX_UNCOMMITTED_BYTES = 64L << 20;

    private final RaftConfig config;
    private final Random random;
    private final int id;
    private final RaftLog log;
    private final List<Message> outbox = new ArrayList<>();
    private final List<ReadState> readStates = new ArrayList<>();
    private final VoteTally votes;

    private Role role = Role.FOLLOWER;
    private long term;
    private int votedFor;
    private int leaderId;
    private int electionElapsedTicks;
    private int randomizedElectionTimeoutTicks;
    /** What only a leader keeps: present exactly while {@code role} is LEADER. */
    private LeaderState leader;

    private HardState persistedHardState;
    private Ready pendingReady;
    /** A snapshot from the leader that replaced the log; handed out in the next Ready. */
    private Snapshot snapshotToInstall;
    /** Where decisions are reported, with their reasons; see {@link #reportTo}. */
    private EventSink sink = EventSink.NONE;
    /**
     * The sink as this core and its {@link LeaderState} see it: always the current one, so a
     * leader elected before {@link #reportTo} was called reports too.
     */
    private final EventSink events = new EventSink() {
        @Override
        public boolean listening() {
            return sink.listening();
        }

        @Override
        public void emit(RaftEvent event) {
            sink.emit(event);
        }
    };
    /** Why the role, term or leader last changed, and who caused it: for {@link RoleChanged}. */
    private String changeCause = "";
    private int changePeer;

    /**
     * Builds a core from what storage recovered. {@code random} must be seeded by the caller so
     * that a simulation replays exactly.
     */
    public RaftCore(RaftConfig config, Random random, HardState hardState, List<Entry> entries) {
        this(config, random, hardState, 0, 0, entries);
    }

    /**
     * Builds a core from a recovered snapshot at (snapshotIndex, snapshotTerm), whose state
     * the caller has already restored into its state machine, and the entries after it.
     */
    public RaftCore(RaftConfig config, Random random, HardState hardState, long snapshotIndex,
                    long snapshotTerm, List<Entry> entries) {
        this.config = config;
        this.random = random;
        this.id = config.id();
        this.votes = new VoteTally(config.quorum());
        this.log = new RaftLog(snapshotIndex, snapshotTerm, entries, hardState.commitIndex());
        this.term = hardState.term();
        this.votedFor = hardState.votedFor();
        if (votedFor != HardState.NO_VOTE && !config.members().contains(votedFor)) {
            throw new IllegalArgumentException("recovered vote for " + votedFor
                    + " who is not a member of " + config.members());
        }
        this.persistedHardState = hardState;
        resetElectionTimer();
    }

    /**
     * Reports this core's decisions to {@code sink} from now on: role and term changes, the
     * election timer, votes and appends with the rule that decided them, commits with the
     * acknowledgements that made them. Nothing is built while the sink is not listening.
     */
    public void reportTo(EventSink sink) {
        this.sink = sink;
    }

    // ---------------------------------------------------------------- inputs

    /** Advances logical time by one tick. */
    public void tick() {
        requireNoPendingReady();
        Role fromRole = role;
        long fromTerm = term;
        int fromLeader = leaderId;
        if (role == Role.LEADER) {
            tickLeader();
        } else {
            tickElection();
        }
        reportRoleChange(fromRole, fromTerm, fromLeader);
    }

    /**
     * The transport lost an established connection to {@code peer}: a crashed process resets
     * its connections at once, well before an election timeout would tell. A follower losing
     * its leader this way stops honouring the leader's lease and times out within two
     * heartbeat intervals instead of a whole election timeout. Only timing changes, never
     * safety; a false alarm (the leader is alive) costs a pre-vote round that the peers still
     * hearing the leader refuse, and the next heartbeat makes this node its follower again.
     *
     * <p>Every follower notices the loss at about the same moment, so random delays alone
     * often let two of them campaign together and split the vote (8 % of crashes in
     * simulation). Instead each takes its turn by its place after the lost leader in id order:
     * the next member first, the others in disjoint windows behind it, each window at least a
     * tick after the one before. By then the first one's pre-vote has reached them, and granting
     * it restarts their timers. A turn that passes unused (that node is down too) costs only
     * its window.
     */
    public void peerUnreachable(int peer) {
        requireNoPendingReady();
        if (role != Role.FOLLOWER || peer != leaderId || peer == id) {
            return;
        }
        leaderId = 0;
        causedBy("lost the connection to leader", peer);
        reportRoleChange(role, term, peer);
        int others = config.members().size() - 1;
        int window = Math.max(1, 2 * config.heartbeatTicks() / Math.max(1, others));
        int remaining = 1 + turnAfter(peer) * window + random.nextInt(window);
        electionElapsedTicks = Math.max(electionElapsedTicks,
                randomizedElectionTimeoutTicks - remaining);
    }

    /** This node's place among the members after {@code lostLeader} in cyclic id order, from 0. */
    private int turnAfter(int lostLeader) {
        List<Integer> ids = new ArrayList<>(config.members());
        int size = ids.size();
        return Math.floorMod(ids.indexOf(id) - ids.indexOf(lostLeader), size) - 1;
    }

    /**
     * Handles a message from a peer. Messages not addressed to this node, from non-members, or
     * malformed are dropped: they come from the network and must never break the core.
     */
    public void step(Message message) {
        requireNoPendingReady();
        if (!accepts(message) || message.term() - term > MAX_TERM_JUMP) {
            return;
        }
        Role fromRole = role;
        long fromTerm = term;
        int fromLeader = leaderId;
        handle(message);
        reportRoleChange(fromRole, fromTerm, fromLeader);
        log.checkInvariants();
    }

    private void handle(Message message) {
        if (message.term() > term) {
            if (!stepNewerTerm(message)) {
                return;
            }
        } else if (message.term() < term) {
            answerStaleTerm(message);
            return;
        }
        if (message instanceof VoteRequest request) {
            handleVoteRequest(request);
        } else if (message instanceof VoteResponse response) {
            handleVoteResponse(response);
        } else if (message instanceof AppendRequest request) {
            handleAppendRequest(request);
        } else if (message instanceof AppendResponse response) {
            handleAppendResponse(response);
        } else if (message instanceof TimeoutNow timeoutNow) {
            handleTimeoutNow(timeoutNow);
        } else if (message instanceof InstallSnapshot install) {
            handleInstallSnapshot(install);
        }
    }

    /**
     * A message from a newer term. Most make this node a follower of that term (Raft §5.1),
     * but pre-vote messages speak of a term nobody has entered yet, and a vote request that
     * arrives while a leader is known to be alive is ignored, so it cannot depose it
     * (thesis §4.2.3). Returns whether the message is to be handled further.
     */
    private boolean stepNewerTerm(Message message) {
        if (message instanceof VoteRequest request) {
            if (request.preVote()) {
                return true; // answered, and refused while a leader is alive, at this term
            }
            boolean inLease = config.checkQuorum() && heardFromLeaderRecently();
            if (inLease && !request.transfer()) {
                reportVote(request, VoteRefusal.LEADER_LEASE, false);
                return false;
            }
            causedBy("newer term from node", message.from());
            becomeFollower(message.term(), 0);
            return true;
        }
        if (message instanceof VoteResponse response && response.preVote()
                && response.granted()) {
            return true;
        }
        int newLeader = message instanceof AppendRequest || message instanceof InstallSnapshot
                ? message.from() : 0;
        causedBy(newLeader != 0 ? "newer term from leader" : "newer term from node",
                message.from());
        becomeFollower(message.term(), newLeader);
        return true;
    }

    /**
     * Whether a leader was heard from within {@link RaftConfig#leaderLeaseTicks()}. A leader
     * counts as hearing from itself.
     */
    private boolean heardFromLeaderRecently() {
        if (role == Role.LEADER) {
            return true;
        }
        return leaderId != 0 && electionElapsedTicks < config.leaderLeaseTicks();
    }

    /**
     * Appends a command to the log if this node is the leader. The command has committed once
     * an entry with the returned index and term is applied.
     */
    public ProposeResult propose(byte[] command) {
        requireNoPendingReady();
        if (role != Role.LEADER) {
            return ProposeResult.notLeader(leaderId);
        }
        if (leader.transferring()) {
            // New entries would only delay the target catching up; clients retry shortly.
            return ProposeResult.transferring(id);
        }
        Entry entry = Entry.command(log.lastIndex() + 1, term, command);
        if (!leader.hasRoomFor(entry.sizeBytes())) {
            // Followers that do not keep up must slow the clients down, not fill this
            // leader's memory (and every follower's, once they catch up) without bound.
            return ProposeResult.uncommittedLimit(id);
        }
        leader.append(entry);
        return ProposeResult.accepted(entry.index(), term, id);
    }

    /**
     * Log compaction (Raft §7): the caller has durably saved a snapshot of its state machine
     * at {@code index} (at most the applied index), so the entries up to it leave memory. As
     * leader, a follower that still needs them will be sent that snapshot instead.
     */
    public void compact(long index) {
        requireNoPendingReady();
        if (index > log.applied()) {
            throw new IllegalArgumentException("cannot compact to " + index
                    + ": only entries up to " + log.applied() + " are applied");
        }
        log.compactTo(index);
        log.checkInvariants();
    }

    /**
     * Asks for a linearizable read (Raft thesis §6.4). When accepted, a {@link ReadState} with
     * this {@code requestId} comes out in a later Ready, once a majority confirmed this node
     * was still leader; it is dropped silently if leadership is lost first, so the caller fails
     * its pending reads when the role or term changes.
     */
    public ReadIndexResult readIndex(long requestId) {
        requireNoPendingReady();
        if (role != Role.LEADER) {
            return ReadIndexResult.NOT_LEADER;
        }
        return leader.readIndex(requestId);
    }

    /**
     * Hands leadership to {@code target} (thesis §3.10): new proposals are refused, the target
     * is brought up to date and then told to start an election at once. Abandoned if it does
     * not complete within an election timeout.
     */
    public TransferResult transferLeadership(int target) {
        requireNoPendingReady();
        if (!config.members().contains(target)) {
            return TransferResult.UNKNOWN_MEMBER;
        }
        if (role != Role.LEADER) {
            return target == leaderId ? TransferResult.ALREADY_LEADER : TransferResult.NOT_LEADER;
        }
        if (target == id) {
            return TransferResult.ALREADY_LEADER;
        }
        leader.transferTo(target);
        return TransferResult.STARTED;
    }

    // ---------------------------------------------------------------- outputs

    /**
     * Whether {@link #ready()} has anything to hand out. A pure question, like etcd's
     * {@code RawNode.HasReady}: it creates no message and changes no state, so asking any
     * number of times leaves the next Ready as it was. A leader's appends and ReadIndex
     * heartbeats are built by {@code ready()} itself, from what {@link LeaderState} says is
     * pending.
     */
    public boolean hasReady() {
        return (leader != null && leader.hasPending())
                || !currentHardState().equals(persistedHardState)
                || log.stableIndex() < log.lastIndex()
                || !outbox.isEmpty()
                || snapshotToInstall != null
                || log.applied() < log.committed()
                || !readStates.isEmpty();
    }

    /** The batch of work to do now. Must be followed by {@link #advance(Ready)}. */
    public Ready ready() {
        requireNoPendingReady();
        if (leader != null) {
            leader.sendPending();
        }
        HardState hardState = currentHardState();
        pendingReady = new Ready(
                hardState.equals(persistedHardState) ? null : hardState,
                log.unstableEntries(),
                outbox,
                log.nextCommittedEntries(MAX_APPLY_BATCH),
                readStates,
                snapshotToInstall);
        return pendingReady;
    }

    /** Acknowledges that {@code ready} was persisted, sent and applied. */
    public void advance(Ready ready) {
        if (ready != pendingReady) {
            throw new IllegalStateException("advance() with a Ready that is not the pending one");
        }
        pendingReady = null;
        if (ready.hardState() != null) {
            persistedHardState = ready.hardState();
        }
        if (!ready.entries().isEmpty()) {
            log.stableTo(ready.entries().get(ready.entries().size() - 1).index());
        }
        if (ready.snapshot() != null) {
            // The caller restored its state machine from the snapshot.
            log.appliedTo(ready.snapshot().index());
            snapshotToInstall = null;
        }
        if (!ready.committedEntries().isEmpty()) {
            List<Entry> applied = ready.committedEntries();
            log.appliedTo(applied.get(applied.size() - 1).index());
        }
        outbox.clear();
        readStates.clear();
        if (leader != null) {
            // The leader counts itself towards a quorum only for entries it has made durable.
            leader.maybeCommit();
        }
        log.checkInvariants();
    }

    public RaftStatus status() {
        List<PeerProgress> peers = leader == null ? List.of() : leader.peers();
        int transferTarget = leader == null ? 0 : leader.transferTarget();
        return new RaftStatus(id, role, term, votedFor, leaderId, log.committed(), log.applied(),
                log.firstIndex(), log.lastIndex(), log.lastTerm(), electionElapsedTicks,
                randomizedElectionTimeoutTicks, peers, transferTarget);
    }

    /** Entries in [fromIndex, toIndex] held by this core (clamped to the log). */
    public List<Entry> entries(long fromIndex, long toIndex) {
        long from = Math.max(fromIndex, log.firstIndex());
        long to = Math.min(toIndex, log.lastIndex());
        if (from > to) {
            return List.of();
        }
        return log.slice(from, to, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    public Role role() {
        return role;
    }

    public long term() {
        return term;
    }

    public int leaderId() {
        return leaderId;
    }

    public int id() {
        return id;
    }

    // ---------------------------------------------------------------- time

    private void tickElection() {
        electionElapsedTicks++;
        if (electionElapsedTicks >= randomizedElectionTimeoutTicks) {
            if (events.listening()) {
                events.emit(new ElectionTimerFired(term, randomizedElectionTimeoutTicks,
                        config.preVote()));
            }
            causedBy("election timer fired", 0);
            if (config.preVote()) {
                preCampaign();
            } else {
                campaign();
            }
        }
    }

    private void tickLeader() {
        electionElapsedTicks++;
        if (!leader.tick()) {
            causedBy("check-quorum: no majority heard within an election timeout", 0);
            becomeFollower(term, 0);
        }
    }

    private void resetElectionTimer() {
        electionElapsedTicks = 0;
        int spread = config.electionTimeoutMaxTicks() - config.electionTimeoutMinTicks() + 1;
        randomizedElectionTimeoutTicks = config.electionTimeoutMinTicks() + random.nextInt(spread);
    }

    // ---------------------------------------------------------------- role changes

    private void becomeFollower(long newTerm, int newLeader) {
        if (newTerm > term) {
            term = newTerm;
            votedFor = HardState.NO_VOTE;
        }
        role = Role.FOLLOWER;
        leaderId = newLeader;
        leaveLeadership();
        votes.reset();
        resetElectionTimer();
    }

    /**
     * Thesis §9.6: before raising its term, ask whether a majority would vote for this node at
     * term + 1. Nothing is persisted and no one's term changes, so a node that was cut off and
     * keeps timing out does not drive the cluster's term up.
     */
    private void preCampaign() {
        startElection(Role.PRE_CANDIDATE, term + 1, false);
    }

    /** Drops what only a leader keeps; reads still waiting fail at the caller. */
    private void leaveLeadership() {
        leader = null;
    }

    /** Raft §5.2: increment the term, vote for self, ask everyone else for their vote. */
    private void campaign() {
        campaign(false);
    }

    /** {@code transfer}: the election follows a TimeoutNow, so voters set their lease aside. */
    private void campaign(boolean transfer) {
        term++;
        votedFor = id;
        startElection(Role.CANDIDATE, term, transfer);
    }

    /**
     * Becomes a (pre-)candidate, votes for itself and asks every peer for a vote at
     * {@code electionTerm}; a single-member cluster wins at once.
     */
    private void startElection(Role candidateRole, long electionTerm, boolean transfer) {
        boolean preVote = candidateRole == Role.PRE_CANDIDATE;
        role = candidateRole;
        leaderId = 0;
        leaveLeadership();
        resetElectionTimer();
        votes.reset();
        votes.record(id, true);
        if (votes.won()) {
            if (preVote) {
                campaign();
            } else {
                becomeLeader();
            }
            return;
        }
        for (int peer : config.members()) {
            if (peer != id) {
                outbox.add(new VoteRequest(id, peer, electionTerm, log.lastIndex(),
                        log.lastTerm(), preVote, transfer));
            }
        }
    }

    private void becomeLeader() {
        role = Role.LEADER;
        leaderId = id;
        votes.reset();
        leader = new LeaderState(config, log, term, outbox, readStates, events);
        // Raft §5.4.2 / §8: an entry of the new term lets the leader commit what came before.
        leader.append(Entry.noop(log.lastIndex() + 1, term));
        leader.maybeCommit();
    }

    // ---------------------------------------------------------------- elections

    private void handleVoteRequest(VoteRequest request) {
        if (request.preVote()) {
            handlePreVoteRequest(request);
            return;
        }
        boolean canVote = votedFor == request.from()
                || (votedFor == HardState.NO_VOTE && leaderId == 0);
        VoteRefusal refusal;
        if (!canVote) {
            refusal = votedFor != HardState.NO_VOTE ? VoteRefusal.ALREADY_VOTED
                    : VoteRefusal.HAS_LEADER;
        } else if (!log.isUpToDate(request.lastLogIndex(), request.lastLogTerm())) {
            refusal = VoteRefusal.LOG_BEHIND;
        } else {
            refusal = VoteRefusal.NONE;
        }
        boolean granted = refusal == VoteRefusal.NONE;
        if (granted) {
            votedFor = request.from();
            // Figure 2: a follower that grants a vote restarts its election timer.
            resetElectionTimer();
            reportTimerReset(request.from(), "vote granted to");
        }
        reportVote(request, refusal, true);
        outbox.add(new VoteResponse(id, request.from(), term, granted, false));
    }

    /**
     * A pre-vote is granted to an up-to-date log for a future term, and only when this node has
     * not heard from a live leader lately (thesis §9.6). It records nothing; a follower that
     * grants one restarts its own election timer, so as not to run a rival election.
     */
    private void handlePreVoteRequest(VoteRequest request) {
        boolean futureTerm = request.term() > term;
        boolean freeToVote = futureTerm
                || votedFor == request.from() || (votedFor == HardState.NO_VOTE && leaderId == 0);
        VoteRefusal refusal;
        if (!freeToVote) {
            refusal = votedFor != HardState.NO_VOTE ? VoteRefusal.ALREADY_VOTED
                    : VoteRefusal.HAS_LEADER;
        } else if (heardFromLeaderRecently()) {
            refusal = VoteRefusal.LEADER_LEASE;
        } else if (!log.isUpToDate(request.lastLogIndex(), request.lastLogTerm())) {
            refusal = VoteRefusal.LOG_BEHIND;
        } else {
            refusal = VoteRefusal.NONE;
        }
        boolean granted = refusal == VoteRefusal.NONE;
        long answerTerm = granted ? request.term() : term;
        reportVote(request, refusal, true);
        if (granted && role == Role.FOLLOWER) {
            // An election is under way: starting a rival one now would likely split the vote.
            // The leader, unheard for the whole lease, is taken as gone (else the restarted
            // timer would renew its lease and refuse the vote that follows this pre-vote).
            causedBy("granted a pre-vote to", request.from());
            leaderId = 0;
            resetElectionTimer();
            reportTimerReset(request.from(), "pre-vote granted to");
        }
        outbox.add(new VoteResponse(id, request.from(), answerTerm, granted, true));
    }

    private void handleVoteResponse(VoteResponse response) {
        if (response.preVote()) {
            handlePreVoteResponse(response);
            return;
        }
        if (role != Role.CANDIDATE) {
            return;
        }
        votes.record(response.from(), response.granted());
        if (votes.won()) {
            causedBy("won the election, last vote from", response.from());
            becomeLeader();
        } else if (votes.lost()) {
            causedBy("lost the election, last refusal from", response.from());
            becomeFollower(term, 0);
        }
    }

    private void handlePreVoteResponse(VoteResponse response) {
        // A grant speaks of term + 1; anything else is an answer from this term.
        boolean current = response.granted()
                ? response.term() == term + 1 : response.term() == term;
        if (role != Role.PRE_CANDIDATE || !current) {
            return;
        }
        votes.record(response.from(), response.granted());
        if (votes.won()) {
            causedBy("won the pre-vote, last grant from", response.from());
            campaign();
        } else if (votes.lost()) {
            causedBy("lost the pre-vote, last refusal from", response.from());
            becomeFollower(term, 0);
        }
    }

    /** Thesis §3.10: the leader is handing over to us; campaign now, skipping pre-vote. */
    private void handleTimeoutNow(TimeoutNow timeoutNow) {
        if (role == Role.LEADER) {
            return;
        }
        causedBy("TimeoutNow (leadership transfer) from", timeoutNow.from());
        campaign(true);
    }

    // ---------------------------------------------------------------- replication: follower

    private void handleAppendRequest(AppendRequest request) {
        if (role == Role.LEADER) {
            throw new IllegalStateException("node " + id + " is leader of term " + term
                    + " and got AppendEntries from " + request.from() + " in the same term");
        }
        if (role != Role.FOLLOWER || leaderId != request.from()) {
            causedBy("append from leader", request.from());
            becomeFollower(term, request.from());
        }
        if (electionElapsedTicks > 0) {
            reportTimerReset(request.from(), "append from leader");
        }
        electionElapsedTicks = 0;
        AppendRequest received = request;
        if (request.prevLogIndex() < log.committed()) {
            // A delayed or duplicated message: everything up to our commit index is known to
            // match any leader's log, so only the part past it is worth looking at.
            List<Entry> past = request.entries().stream()
                    .filter(entry -> entry.index() > log.committed()).toList();
            request = new AppendRequest(request.from(), request.to(), request.term(),
                    log.committed(), log.term(log.committed()), past, request.leaderCommit(),
                    request.context());
        }
        if (!log.matchTerm(request.prevLogIndex(), request.prevLogTerm())) {
            rejectAppend(request);
            return;
        }
        long lastNewIndex = log.appendFromLeader(request.prevLogIndex(), request.entries());
        // Figure 2, AppendEntries step 5: commitIndex = min(leaderCommit, last new entry).
        commitFromLeader(Math.min(request.leaderCommit(), lastNewIndex), request.from());
        if (events.listening()) {
            events.emit(new AppendAccepted(received.from(), received.term(),
                    received.prevLogIndex(), received.prevLogTerm(), received.entries().size(),
                    lastNewIndex, log.committed()));
        }
        outbox.add(new AppendResponse(id, request.from(), term, true, lastNewIndex, 0, 0, 0,
                log.lastIndex(), request.context()));
    }

    /** Raft §5.3 consistency check failed: hint where the leader should retry from. */
    private void rejectAppend(AppendRequest request) {
        long conflictTerm;
        long conflictIndex;
        if (request.prevLogIndex() > log.lastIndex()) {
            conflictTerm = 0;
            conflictIndex = log.lastIndex() + 1;
        } else {
            conflictTerm = log.term(request.prevLogIndex());
            conflictIndex = log.firstIndexOfTermAt(request.prevLogIndex());
        }
        if (events.listening()) {
            boolean shorter = request.prevLogIndex() > log.lastIndex();
            events.emit(new AppendRejected(request.from(), request.term(), term,
                    request.prevLogIndex(), request.prevLogTerm(),
                    shorter ? AppendRejection.LOG_SHORTER : AppendRejection.TERM_MISMATCH,
                    conflictTerm, conflictIndex, conflictTerm, log.lastIndex()));
        }
        outbox.add(new AppendResponse(id, request.from(), term, false, 0,
                request.prevLogIndex(), conflictTerm, conflictIndex, log.lastIndex(),
                request.context()));
    }

    /**
     * InstallSnapshot (Raft §7, receiver rules 6-8). A snapshot this node already holds the
     * committed state of is old news. If the log holds the snapshot's last entry, the entries
     * up to it match the leader's (Log Matching) and commit; they are applied from the log as
     * usual and the suffix stays, as etcd does. Otherwise the whole log is discarded and the
     * snapshot takes its place: the next Ready hands it out to be stored and restored.
     */
    private void handleInstallSnapshot(InstallSnapshot install) {
        if (role == Role.LEADER) {
            throw new IllegalStateException("node " + id + " is leader of term " + term
                    + " and got InstallSnapshot from " + install.from() + " in the same term");
        }
        if (role != Role.FOLLOWER || leaderId != install.from()) {
            causedBy("snapshot from leader", install.from());
            becomeFollower(term, install.from());
        }
        if (electionElapsedTicks > 0) {
            reportTimerReset(install.from(), "snapshot from leader");
        }
        electionElapsedTicks = 0;
        long index = install.lastIncludedIndex();
        if (index <= log.committed()) {
            acceptSnapshot(install, log.committed());
            return;
        }
        if (log.matchTerm(index, install.lastIncludedTerm())) {
            commitFromLeader(index, install.from());
        } else {
            log.restoreSnapshot(index, install.lastIncludedTerm());
            snapshotToInstall = new Snapshot(index, install.lastIncludedTerm(), install.data());
        }
        acceptSnapshot(install, index);
    }

    private void acceptSnapshot(InstallSnapshot install, long matchIndex) {
        outbox.add(new AppendResponse(id, install.from(), term, true, matchIndex, 0, 0, 0,
                log.lastIndex(), 0));
    }

    /** Leader replication lives in {@link LeaderState}; an answer to an old leader is moot. */
    private void handleAppendResponse(AppendResponse response) {
        if (leader != null) {
            leader.handleAppendResponse(response);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Raft §5.1: a stale request is answered with our term so its sender steps down. */
    private void answerStaleTerm(Message message) {
        reportStaleTerm(message);
        if (message instanceof AppendRequest request) {
            outbox.add(new AppendResponse(id, request.from(), term, false, 0,
                    request.prevLogIndex(), 0, 0, log.lastIndex(), request.context()));
        } else if (message instanceof VoteRequest request) {
            outbox.add(new VoteResponse(id, request.from(), term, false, request.preVote()));
        } else if (message instanceof InstallSnapshot install) {
            outbox.add(new AppendResponse(id, install.from(), term, false, 0,
                    install.lastIncludedIndex(), 0, 0, log.lastIndex(), 0));
        }
    }

    // ---------------------------------------------------------------- events

    private void causedBy(String cause, int peer) {
        changeCause = cause;
        changePeer = peer;
    }

    private void reportRoleChange(Role fromRole, long fromTerm, int fromLeader) {
        if ((role != fromRole || term != fromTerm || leaderId != fromLeader)
                && events.listening()) {
            events.emit(new RoleChanged(fromRole, role, fromTerm, term, leaderId, changeCause,
                    changePeer));
        }
    }

    private void reportTimerReset(int peer, String cause) {
        if (events.listening()) {
            events.emit(new ElectionTimerReset(peer, cause, term));
        }
    }

    /** A (pre-)vote decided by {@code refusal} ({@link VoteRefusal#NONE}: granted). */
    private void reportVote(VoteRequest request, VoteRefusal refusal, boolean answered) {
        if (events.listening()) {
            events.emit(new VoteDecided(request.from(), request.term(), request.preVote(),
                    refusal == VoteRefusal.NONE, refusal, term, votedFor, leaderId,
                    request.lastLogIndex(), request.lastLogTerm(), log.lastIndex(),
                    log.lastTerm(), answered));
        }
    }

    private void reportStaleTerm(Message message) {
        if (!events.listening()) {
            return;
        }
        if (message instanceof VoteRequest request) {
            reportVote(request, VoteRefusal.STALE_TERM, true);
        } else if (message instanceof AppendRequest request) {
            events.emit(new AppendRejected(request.from(), request.term(), term,
                    request.prevLogIndex(), request.prevLogTerm(), AppendRejection.STALE_TERM,
                    0, 0, 0, log.lastIndex()));
        } else if (message instanceof InstallSnapshot install) {
            events.emit(new AppendRejected(install.from(), install.term(), term,
                    install.lastIncludedIndex(), install.lastIncludedTerm(),
                    AppendRejection.STALE_TERM, 0, 0, 0, log.lastIndex()));
        }
    }

    /** A follower's commit index follows its leader's (never past what it holds). */
    private void commitFromLeader(long index, int leaderOfTerm) {
        long before = log.committed();
        log.commitTo(index);
        if (log.committed() > before && events.listening()) {
            events.emit(new CommitAdvanced(before, log.committed(), term, leaderOfTerm,
                    List.of()));
        }
    }

    private boolean accepts(Message message) {
        if (message.to() != id || message.from() == id
                || !config.members().contains(message.from()) || message.term() < 0) {
            return false;
        }
        if (message instanceof AppendRequest request) {
            return isWellFormed(request);
        }
        if (message instanceof AppendResponse response) {
            return response.matchIndex() >= 0 && response.conflictIndex() >= 0
                    && response.rejectedIndex() >= 0;
        }
        if (message instanceof InstallSnapshot install) {
            // A snapshot holds at least one entry, of a term no newer than its sender's.
            return install.lastIncludedIndex() >= 1 && install.lastIncludedTerm() >= 1
                    && install.lastIncludedTerm() <= install.term();
        }
        return true;
    }

    /** Entries must follow prevLogIndex in order, with terms no newer than the sender's. */
    private static boolean isWellFormed(AppendRequest request) {
        if (request.prevLogIndex() < 0 || request.prevLogTerm() < 0
                || request.leaderCommit() < 0) {
            return false;
        }
        long expected = request.prevLogIndex() + 1;
        long previousTerm = request.prevLogTerm();
        for (Entry entry : request.entries()) {
            if (entry.index() != expected++ || entry.term() < previousTerm
                    || entry.term() > request.term()) {
                return false;
            }
            previousTerm = entry.term();
        }
        return true;
    }

    private HardState currentHardState() {
        return new HardState(term, votedFor, log.committed());
    }

    private void requireNoPendingReady() {
        if (pendingReady != null) {
            throw new IllegalStateException("a Ready is pending: call advance() first");
        }
    }
}
