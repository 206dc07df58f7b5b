package io.raftdeck.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The incarnation of every peer this node has heard from, kept in its data directory
 * ({@value #FILE}) so that a restart does not forget them. The first incarnation a peer shows
 * is recorded (durably, before its first message is let in); from then on only that one is
 * that peer. Trust on first use: a peer whose data was lost before this node ever heard of
 * it is taken as new. Peers tell each other what they know ({@link #learn}), so a follower
 * learns the incarnations its leader saw; the README's "A node that lost its data" says what
 * is left open until membership changes exist.
 */
public final class PeerIncarnations {

    static final String FILE = "peer-incarnations";

    /** Null for a node without a data directory: it forgets them when it stops. */
    private final Path file;
    private final StorageFiles files;
    private final TreeMap<Integer, Incarnation> known;
    /** Volatile: read for every message a node sends, without taking the lock. */
    private volatile long version;

    private PeerIncarnations(StorageFiles files, Path file,
                             TreeMap<Integer, Incarnation> known) {
        this.files = files;
        this.file = file;
        this.known = known;
    }

    /** What {@code directory} recorded, or nothing for a directory that never heard a peer. */
    public static PeerIncarnations load(DataDirectory directory) {
        StorageFiles files = directory.files();
        Path file = directory.root().resolve(FILE);
        TreeMap<Integer, Incarnation> known = new TreeMap<>();
        if (!files.exists(file)) {
            return new PeerIncarnations(files, file, known);
        }
        try {
            for (String line : SmallFiles.read(files, file).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.strip().split(" ");
                if (fields.length != 2) {
                    throw new IllegalArgumentException("'" + line + "'");
                }
                known.put(Integer.parseInt(fields[0]), Incarnation.parse(fields[1]));
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + file + ": " + IoErrors.reason(e), e);
        } catch (IllegalArgumentException e) {
            throw new StorageException("data dir " + directory.root() + " has a damaged " + FILE
                    + " file (" + e.getMessage() + "); it names the peers' data this node"
                    + " knew, so it is not guessed");
        }
        return new PeerIncarnations(files, file, known);
    }

    /** For a node without a data directory. */
    public static PeerIncarnations inMemory() {
        return new PeerIncarnations(StorageFiles.SYSTEM, null, new TreeMap<>());
    }

    /**
     * The incarnation that is {@code member}: the one recorded, or {@code shown} when none was,
     * recorded now and durable before this returns.
     *
     * @throws StorageException when the record cannot be written
     */
    public synchronized Incarnation admit(int member, Incarnation shown) {
        Incarnation recorded = known.get(member);
        if (recorded != null) {
            return recorded;
        }
        record(Map.of(member, shown));
        return shown;
    }

    /**
     * Records, durably before this returns, the incarnations in {@code told} of members not
     * known yet (what a peer knows: see {@link #all}); a member known already keeps its own.
     *
     * @throws StorageException when the record cannot be written
     */
    public synchronized void learn(Map<Integer, Incarnation> told) {
        Map<Integer, Incarnation> unknown = new TreeMap<>();
        told.forEach((member, incarnation) -> {
            if (!known.containsKey(member)) {
                unknown.put(member, incarnation);
            }
        });
        if (!unknown.isEmpty()) {
            record(unknown);
        }
    }

    /** Every member's known incarnation. */
    public synchronized Map<Integer, Incarnation> all() {
        return Map.copyOf(known);
    }

    /** Grows by one each time an incarnation is recorded: tells a sender when to tell again. */
    public long version() {
        return version;
    }

    private void record(Map<Integer, Incarnation> added) {
        TreeMap<Integer, Incarnation> next = new TreeMap<>(known);
        next.putAll(added);
        if (file != null) {
            StringBuilder content = new StringBuilder();
            for (Map.Entry<Integer, Incarnation> entry : next.entrySet()) {
                content.append(entry.getKey()).append(' ').append(entry.getValue()).append('\n');
            }
            try {
                SmallFiles.replace(files, file, content.toString());
            } catch (IOException e) {
                throw new StorageException("cannot record the incarnation of node(s) "
                        + added.keySet() + " in " + file + ": " + IoErrors.reason(e), e);
            }
        }
        known.putAll(next);
        version++;
    }

    public synchronized Optional<Incarnation> known(int member) {
        return Optional.ofNullable(known.get(member));
    }
}
