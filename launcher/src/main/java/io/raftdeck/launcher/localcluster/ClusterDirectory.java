package io.raftdeck.launcher.localcluster;

import io.raftdeck.node.StartupException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a demo keeps its nodes' data and logs: {@code node-N/} per node, {@code node-N.log} per
 * child process, {@code raftdeck.log} for this JVM. Without --data-dir it is a fresh temporary
 * directory, so every demo starts from an empty log at term 0, which is what someone watching
 * an election expects; its node data is deleted at the end and only the logs stay behind. A
 * disposable one (the bench's) goes whole, logs included, when the cluster on it closes.
 */
public final class ClusterDirectory {

    private final Path root;
    private final boolean temporary;
    private final boolean disposable;

    private ClusterDirectory(Path root, boolean temporary, boolean disposable) {
        this.root = root;
        this.temporary = temporary;
        this.disposable = disposable;
    }

    /** A new, empty directory under the system's temporary directory. */
    public static ClusterDirectory temporary() throws StartupException {
        return temporary("raftdeck-demo-");
    }

    /** A new, empty directory under the system's temporary directory, named PREFIX... */
    public static ClusterDirectory temporary(String prefix) throws StartupException {
        return new ClusterDirectory(createTemporary(prefix), true, false);
    }

    /**
     * A new directory named PREFIX... that the cluster started on it deletes whole, logs
     * included, once its nodes have stopped (see {@link #deleteIfDisposable}): for runs whose
     * output says all there is to say, as a benchmark's does.
     */
    public static ClusterDirectory disposable(String prefix) throws StartupException {
        return new ClusterDirectory(createTemporary(prefix), true, true);
    }

    private static Path createTemporary(String prefix) throws StartupException {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new StartupException("cannot create a temporary data dir: " + e.getMessage(),
                    e);
        }
    }

    /** {@code root}, created if missing; the data in it is kept, and a demo resumes from it. */
    public static ClusterDirectory kept(Path root) throws StartupException {
        try {
            return new ClusterDirectory(Files.createDirectories(root).toAbsolutePath(), false,
                    false);
        } catch (FileAlreadyExistsException e) {
            throw new StartupException("cannot use data dir " + root
                    + ": a file of that name is in the way", e);
        } catch (IOException e) {
            throw new StartupException("cannot create data dir " + root + ": " + e, e);
        }
    }

    public Path root() {
        return root;
    }

    public boolean isTemporary() {
        return temporary;
    }

    public Path nodeData(int id) {
        return root.resolve("node-" + id);
    }

    /** The output of node {@code id}'s child process. */
    public Path nodeLog(int id) {
        return root.resolve("node-" + id + ".log");
    }

    /** The log of this JVM: its nodes in one-JVM mode, the dashboard's own records otherwise. */
    public Path jvmLog() {
        return root.resolve("raftdeck.log");
    }

    /**
     * Deletes the nodes' data of a temporary directory, keeping the logs the exit message
     * points at. Best effort: a file that cannot be deleted stays, and nothing is thrown.
     */
    public void deleteTemporaryNodeData(int nodeCount) {
        if (!temporary) {
            return;
        }
        for (int id = 1; id <= nodeCount; id++) {
            deleteTree(nodeData(id));
        }
    }

    /**
     * Deletes a disposable directory whole, logs included; a cluster does it once its nodes
     * have stopped, on close and in its shutdown hook alike. Best effort, as above.
     */
    public void deleteIfDisposable() {
        if (disposable) {
            deleteTemporary();
        }
    }

    /**
     * Deletes a temporary directory whole, logs included: for runs whose output says all
     * there is to say (a test that passed). Best effort, as above.
     */
    public void deleteTemporary() {
        if (temporary) {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path top) {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(top)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // Left behind in the temporary directory, which the system cleans.
                }
            });
        } catch (IOException ignored) {
            // As above: temporary data that outlives the demo harms nothing.
        }
    }
}
