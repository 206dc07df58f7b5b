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
 * an election expects; its node data is deleted at the end and only the logs stay behind.
 */
public final class ClusterDirectory {

    private final Path root;
    private final boolean temporary;

    private ClusterDirectory(Path root, boolean temporary) {
        this.root = root;
        this.temporary = temporary;
    }

    /** A new, empty directory under the system's temporary directory. */
    public static ClusterDirectory temporary() throws StartupException {
        return temporary("raftdeck-demo-");
    }

    /** A new, empty directory under the system's temporary directory, named PREFIX... */
    public static ClusterDirectory temporary(String prefix) throws StartupException {
        try {
            return new ClusterDirectory(Files.createTempDirectory(prefix), true);
        } catch (IOException e) {
            throw new StartupException("cannot create a temporary data dir: " + e.getMessage(),
                    e);
        }
    }

    /** {@code root}, created if missing; the data in it is kept, and a demo resumes from it. */
    public static ClusterDirectory kept(Path root) throws StartupException {
        try {
            return new ClusterDirectory(Files.createDirectories(root).toAbsolutePath(), false);
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
     * Deletes a temporary directory whole, logs included: for runs whose output says all
     * there is to say (a benchmark that finished). Best effort, as above.
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
