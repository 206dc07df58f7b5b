package io.raftdeck.sim;

import static io.raftdeck.sim.ScriptArguments.noArgs;
import static io.raftdeck.sim.ScriptArguments.number;
import static io.raftdeck.sim.ScriptArguments.options;
import static io.raftdeck.sim.ScriptArguments.parse;
import static io.raftdeck.sim.ScriptArguments.words;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Message;
import io.raftdeck.core.ProposeResult;
import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Role;
import io.raftdeck.core.events.AppendRejected;
import io.raftdeck.core.events.EventSink;
import io.raftdeck.core.events.MessageText;
import io.raftdeck.core.events.RaftEvent;
import io.raftdeck.core.events.VoteDecided;
import io.raftdeck.node.TransferOutcome;
import io.raftdeck.sim.ScriptArguments.ScriptError;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the commands of a scenario transcript ({@link TranscriptFile}) on a {@link SimCluster}
 * and says, in plain text, what each did: the messages it moved and the fields of each node
 * ({@link NodeState}) that changed, node ids first. Everything is seeded and the network is
 * reliable unless a script cuts it, so the same script prints the same text every run. The
 * cluster's safety checks run after every step, as in every simulation; a violation is thrown,
 * never printed, so no rewrite can make a broken scenario pass.
 *
 * <p>Commands (node ids from 1; {@code A->B} is a link, {@code *} any node):
 * <pre>
 * cluster size=5 [prevote] [seed=N] [max-append=N]   a fresh cluster; prevote turns on pre-vote
 *                                     and check-quorum (thesis §9.6, §6.2); max-append caps the
 *                                     entries in one Append (8)
 * disk N term=T [vote=V] [commit=C] log=1,1,4,...   node N restarts from a disk holding a no-op
 *                                     of each listed term at indexes 1, 2, ... (set-up)
 * tick [N] [node]                     N ticks (1) of the cluster, or of one node alone
 * campaign N                          ticks node N alone until its election timer fires
 * hold / release                      every message waits for deliver or drop / ends that
 * inflight                            the waiting messages, oldest first
 * deliver [A->B] [N]                  hands waiting messages (all, or the first N) to their
 *                                     targets; what they answer waits in turn
 * drop [A->B] [N]                     loses waiting messages
 * crash N / restart N                 a crash loses what was not on disk; a restart reads it
 * partition {1,2} {3,4,5}             cuts every link between the groups (after healing)
 * heal                                mends every link
 * propose N "text"                    a client command at node N
 * transfer A B                        asks leader A to hand leadership to B (thesis §3.10)
 * read N                              a linearizable read at node N (thesis §6.4)
 * status                              every node's state
 * log N                               node N's log (its disk's while it is down)
 * </pre>
 */
final class TranscriptDriver {

    private static final Pattern GROUP = Pattern.compile("\\{([^}]*)}");
    /** How long a campaign may wait for a timer that must fire within one election timeout. */
    private static final int CAMPAIGN_TICKS_LIMIT =
            2 * RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX_TICKS;

    private SimCluster cluster;
    /** What completed futures said during the current step, printed after its changes. */
    private final List<String> events = new ArrayList<>();

    /** Runs one command line and returns its output lines (never blank). */
    List<String> run(String line) {
        List<String> words = words(line);
        String command = words.get(0);
        List<String> args = words.subList(1, words.size());
        if (!command.equals("cluster") && cluster == null) {
            throw new ScriptError("start with: cluster size=N");
        }
        List<String> out = new ArrayList<>();
        switch (command) {
            case "cluster" -> cluster(args, out);
            case "disk" -> disk(args, out);
            case "tick" -> tick(args, out);
            case "campaign" -> campaign(node(args, 0), out);
            case "hold" -> hold(args, out);
            case "release" -> release(args, out);
            case "inflight" -> inflight(args, out);
            case "deliver" -> deliver(args, out);
            case "drop" -> drop(args, out);
            case "crash" -> step(out, "", () -> cluster.crash(node(args, 0)));
            case "restart" -> step(out, "", () -> cluster.restart(node(args, 0)));
            case "partition" -> partition(line, out);
            case "heal" -> heal(args, out);
            case "propose" -> propose(args, out);
            case "transfer" -> transfer(args, out);
            case "read" -> read(args, out);
            case "status" -> status(args, out);
            case "log" -> log(node(args, 0), out);
            default -> throw new ScriptError("unknown command " + command);
        }
        if (out.isEmpty()) {
            out.add("no change");
        }
        return out;
    }

    /** The cluster's state and recent events, for a failure report. */
    String describe() {
        return cluster == null ? "no cluster" : cluster.describe();
    }

    // ---------------------------------------------------------------- set-up

    private void cluster(List<String> args, List<String> out) {
        Map<String, String> options = options(args, "size", "prevote", "seed", "max-append");
        int size = number(options, "size", -1);
        if (size < 1) {
            throw new ScriptError("cluster needs size=N");
        }
        cluster = new SimCluster(size, number(options, "seed", 1), SimNetwork.Faults.NONE,
                number(options, "max-append", 8), options.containsKey("prevote"));
        cluster.observeReads((node, answer) -> events.add("read " + answer.requestId()
                + " answered by " + node + " from index " + answer.appliedIndex()));
        events.clear();
        status(List.of(), out);
    }

    private void disk(List<String> args, List<String> out) {
        int id = node(args, 0);
        Map<String, String> options = options(args.subList(1, args.size()), "term", "vote",
                "commit", "log");
        if (!options.containsKey("term") || !options.containsKey("log")) {
            throw new ScriptError("disk N term=T log=1,1,2,... [vote=V] [commit=C]");
        }
        List<Entry> entries = new ArrayList<>();
        for (String term : options.get("log").split(",")) {
            entries.add(Entry.noop(entries.size() + 1, parse(term)));
        }
        HardState hardState = new HardState(number(options, "term", 0),
                number(options, "vote", HardState.NO_VOTE), number(options, "commit", 0));
        cluster.crash(id);
        cluster.replaceDisk(id, hardState, entries);
        cluster.restart(id);
        events.clear();
        out.add(NodeState.of(cluster.node(id)).statusLine());
    }

    // ---------------------------------------------------------------- time

    private void tick(List<String> args, List<String> out) {
        int ticks = args.isEmpty() ? 1 : (int) parse(args.get(0));
        int only = args.size() > 1 ? node(args, 1) : 0;
        if (args.size() > 2 || ticks < 1) {
            throw new ScriptError("tick [N] [node]");
        }
        for (int tick = 1; tick <= ticks; tick++) {
            List<String> lines = new ArrayList<>();
            step(lines, ticks == 1 ? "" : "  ", only == 0 ? cluster::tick
                    : () -> cluster.tickOnly(only));
            if (!lines.isEmpty() && ticks > 1) {
                out.add("tick " + tick + ":");
            }
            out.addAll(lines);
        }
    }

    /**
     * Fires node {@code id}'s election timer now, as etcd's {@code campaign} does: the node is
     * ticked alone until the timer restarts (its election began), the others' clocks still.
     */
    private void campaign(int id, List<String> out) {
        SimNode node = up(id);
        if (node.core.role() == Role.LEADER) {
            throw new ScriptError(id + " leads: a leader's election timer does not run");
        }
        step(out, "", () -> {
            for (int tick = 0; tick < CAMPAIGN_TICKS_LIMIT; tick++) {
                cluster.tickOnly(id);
                if (!node.isUp() || node.core.status().electionElapsedTicks() == 0) {
                    return;
                }
            }
            throw new IllegalStateException("the election timer of " + id + " did not fire in "
                    + CAMPAIGN_TICKS_LIMIT + " ticks");
        });
    }

    // ---------------------------------------------------------------- the network

    private void hold(List<String> args, List<String> out) {
        noArgs("hold", args);
        cluster.network.hold();
        out.add("holding every message; " + cluster.network.held().size() + " waiting");
    }

    private void release(List<String> args, List<String> out) {
        noArgs("release", args);
        requireHolding();
        int waiting = cluster.network.held().size();
        cluster.network.release(cluster.now);
        out.add("released " + waiting + " messages: they arrive at the next tick");
    }

    private void inflight(List<String> args, List<String> out) {
        noArgs("inflight", args);
        requireHolding();
        cluster.network.held().forEach(message -> out.add(MessageText.of(message)));
        if (out.isEmpty()) {
            out.add("none");
        }
    }

    private void deliver(List<String> args, List<String> out) {
        for (Message message : takeHeld("deliver", args)) {
            List<NodeState> before = states();
            List<String> refusals = new ArrayList<>();
            SimNode receiver = cluster.node(message.to());
            RaftCore core = receiver.isUp() ? receiver.core : null;
            if (core != null) {
                core.reportTo(refusalsInto(refusals));
            }
            boolean delivered;
            try {
                delivered = cluster.deliver(message);
            } finally {
                if (core != null) {
                    core.reportTo(EventSink.NONE);
                }
            }
            out.add(MessageText.of(message) + (delivered ? "" : lostBecause(message)));
            refusals.forEach(refusal -> out.add("  " + refusal));
            changes(before, out, "  ");
        }
        if (out.isEmpty()) {
            out.add("nothing to deliver");
        }
    }

    /**
     * The receiver's reason for refusing a vote or rejecting an append, as the node's event
     * says it: a transcript shows which rule decided, not only the answer.
     */
    private static EventSink refusalsInto(List<String> refusals) {
        return new EventSink() {
            @Override
            public boolean listening() {
                return true;
            }

            @Override
            public void emit(RaftEvent event) {
                if (event instanceof VoteDecided vote && !vote.granted()) {
                    refusals.add((vote.answered() ? "refused: " : "ignored: ") + vote.why());
                } else if (event instanceof AppendRejected rejected) {
                    refusals.add("rejected: " + rejected.why());
                }
            }
        };
    }

    private String lostBecause(Message message) {
        return cluster.node(message.to()).isUp() ? "  (lost: the link is cut)"
                : "  (lost: " + message.to() + " is down)";
    }

    private void drop(List<String> args, List<String> out) {
        for (Message message : takeHeld("drop", args)) {
            out.add("dropped " + MessageText.of(message));
        }
        if (out.isEmpty()) {
            out.add("nothing to drop");
        }
    }

    /** The waiting messages {@code [A->B] [N]} selects, taken off the network. */
    private List<Message> takeHeld(String command, List<String> args) {
        requireHolding();
        boolean linkGiven = !args.isEmpty() && args.get(0).contains("->");
        Predicate<Message> which = linkGiven ? link(args.get(0)) : message -> true;
        List<String> rest = linkGiven ? args.subList(1, args.size()) : args;
        if (rest.size() > 1) {
            throw new ScriptError(command + " [A->B] [N]");
        }
        int limit = rest.isEmpty() ? Integer.MAX_VALUE : (int) parse(rest.get(0));
        return cluster.network.takeHeld(which, limit);
    }

    private Predicate<Message> link(String arg) {
        String[] ends = arg.split("->", -1);
        int from = ends[0].equals("*") ? 0 : (int) parse(ends[0]);
        int to = ends[1].equals("*") ? 0 : (int) parse(ends[1]);
        return message -> (from == 0 || message.from() == from)
                && (to == 0 || message.to() == to);
    }

    private void partition(String line, List<String> out) {
        List<List<Integer>> groups = new ArrayList<>();
        Matcher group = GROUP.matcher(line);
        while (group.find()) {
            List<Integer> ids = new ArrayList<>();
            for (String id : group.group(1).split(",")) {
                ids.add(node(List.of(id.strip()), 0));
            }
            groups.add(ids);
        }
        if (groups.size() < 2) {
            throw new ScriptError("partition {1,2} {3,4,5}");
        }
        cluster.network.healAll();
        for (int g = 0; g < groups.size(); g++) {
            for (int h = g + 1; h < groups.size(); h++) {
                for (int a : groups.get(g)) {
                    for (int b : groups.get(h)) {
                        cluster.network.cut(a, b);
                    }
                }
            }
        }
        cluster.record(line);
        out.add("no link between " + String.join(" and ", groups.stream()
                .map(ids -> "{" + String.join(",", ids.stream().map(String::valueOf).toList())
                        + "}").toList()));
    }

    private void heal(List<String> args, List<String> out) {
        noArgs("heal", args);
        cluster.healAll();
        out.add("every link mended");
    }

    private void requireHolding() {
        if (!cluster.network.isHolding()) {
            throw new ScriptError("the network is not holding messages: use hold first");
        }
    }

    // ---------------------------------------------------------------- clients

    private void propose(List<String> args, List<String> out) {
        int id = node(args, 0);
        if (args.size() != 2) {
            throw new ScriptError("propose N \"text\"");
        }
        if (!cluster.node(id).isUp()) {
            out.add("refused: " + id + " is down");
            return;
        }
        ProposeResult[] result = new ProposeResult[1];
        List<String> changes = new ArrayList<>();
        step(changes, "", () -> result[0] = cluster.propose(id, args.get(1)));
        ProposeResult proposal = result[0];
        if (proposal.accepted()) {
            out.add("appended at " + MessageText.position(proposal.index(), proposal.term()));
        } else if (proposal.refusal() == ProposeResult.Refusal.TRANSFERRING
                || transferTarget(id) != 0) {
            out.add("refused: " + id + " is handing leadership over to " + transferTarget(id));
        } else {
            out.add("refused: " + id + " is not the leader" + (proposal.leaderId() == 0 ? ""
                    : " (it follows " + proposal.leaderId() + ")"));
        }
        out.addAll(changes);
    }

    /** The node a leader is handing over to, 0 when none (or not up). */
    private int transferTarget(int id) {
        SimNode node = cluster.node(id);
        return node.isUp() ? node.core.status().transferTarget() : 0;
    }

    private void transfer(List<String> args, List<String> out) {
        int from = node(args, 0);
        int to = node(args, 1);
        String name = "transfer " + from + "→" + to;
        step(out, "", () -> {
            CompletableFuture<TransferOutcome> outcome = cluster.transfer(from, to);
            if (!outcome.isDone()) {
                events.add(name + " started");
            }
            outcome.whenComplete((done, failure) -> events.add(failure == null
                    ? name + " done: " + done.leaderId() + " leads term " + done.term()
                    : name + " failed: " + cause(failure).getMessage()));
        });
    }

    private void read(List<String> args, List<String> out) {
        int id = node(args, 0);
        step(out, "", () -> {
            long requestId = cluster.startRead(id);
            events.add(0, requestId == 0 ? "read refused: " + id + " cannot serve it"
                    : "read " + requestId + " waits for its read index at " + id);
        });
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    // ---------------------------------------------------------------- observing

    private void status(List<String> args, List<String> out) {
        noArgs("status", args);
        states().forEach(state -> out.add(state.statusLine()));
    }

    private void log(int id, List<String> out) {
        SimNode node = cluster.node(id);
        List<Entry> entries = node.isUp() ? node.core.entries(1, Long.MAX_VALUE)
                : node.disk.entries;
        long firstIndex = node.isUp() ? node.core.status().firstLogIndex()
                : node.disk.snapshot.index() + 1;
        if (firstIndex > 1) {
            out.add("entries up to " + (firstIndex - 1) + " are in the snapshot");
        }
        for (Entry entry : entries) {
            out.add(MessageText.position(entry.index(), entry.term()) + " " + text(entry));
        }
        if (out.isEmpty()) {
            out.add("empty");
        }
    }

    private static String text(Entry entry) {
        if (entry.type() == EntryType.NOOP) {
            return "no-op";
        }
        try {
            return "\"" + StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(entry.data())) + "\"";
        } catch (CharacterCodingException binary) {
            return entry.data().length + " bytes";
        }
    }

    // ---------------------------------------------------------------- steps and changes

    /**
     * Runs {@code action} and adds to {@code out}, indented, what it changed: one line per
     * change, nodes with the same change on one line ({@code 2,3,4: term 2}), then what the
     * callers waiting on it heard.
     */
    private void step(List<String> out, String indent, Runnable action) {
        List<NodeState> before = states();
        action.run();
        changes(before, out, indent);
    }

    private void changes(List<NodeState> before, List<String> out, String indent) {
        List<NodeState> after = states();
        Map<String, List<Integer>> nodesByChange = new LinkedHashMap<>();
        for (int i = 0; i < after.size(); i++) {
            String change = after.get(i).changesFrom(before.get(i));
            if (!change.isEmpty()) {
                nodesByChange.computeIfAbsent(change, key -> new ArrayList<>())
                        .add(after.get(i).id());
            }
        }
        nodesByChange.forEach((change, ids) -> out.add(indent + String.join(",",
                ids.stream().map(String::valueOf).toList()) + ": " + change));
        events.forEach(event -> out.add(indent + event));
        events.clear();
    }

    private List<NodeState> states() {
        List<NodeState> states = new ArrayList<>();
        for (int id = 1; id <= cluster.size(); id++) {
            states.add(NodeState.of(cluster.node(id)));
        }
        return states;
    }

    // ---------------------------------------------------------------- arguments

    private int node(List<String> args, int position) {
        if (args.size() <= position) {
            throw new ScriptError("missing node id");
        }
        int id = (int) parse(args.get(position));
        if (cluster == null || id < 1 || id > cluster.size()) {
            throw new ScriptError("no node " + args.get(position));
        }
        return id;
    }

    private SimNode up(int id) {
        SimNode node = cluster.node(id);
        if (!node.isUp()) {
            throw new ScriptError(id + " is down");
        }
        return node;
    }
}
