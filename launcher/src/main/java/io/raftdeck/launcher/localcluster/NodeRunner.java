package io.raftdeck.launcher.localcluster;

import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.RaftServer;
import io.raftdeck.node.StartupException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/** Starts RaftServers and reports every configuration problem as a StartupException. */
public final class NodeRunner {

    private NodeRunner() {
    }

    public static RaftServer start(NodeConfig config) throws StartupException {
        createDataDir(config);
        try {
            return RaftServer.start(config);
        } catch (IllegalArgumentException e) {
            // The node validates its configuration (timing bounds, membership) as it builds
            // its core; such a rejection is the user's setting, not a bug.
            throw new StartupException(e.getMessage(), e);
        }
    }

    /**
     * Starts every node, or none: when one cannot start, the ones already running are closed
     * before the failure is reported, so no port stays bound behind an error message.
     */
    public static List<RaftServer> startAll(List<NodeConfig> configs) throws StartupException {
        List<RaftServer> servers = new ArrayList<>();
        try {
            for (NodeConfig config : configs) {
                servers.add(startNamed(config));
            }
            return servers;
        } catch (StartupException | RuntimeException e) {
            closeAll(servers);
            throw e;
        }
    }

    /** Like start, but the message names the node, since several start together. */
    private static RaftServer startNamed(NodeConfig config) throws StartupException {
        try {
            return start(config);
        } catch (StartupException e) {
            String prefix = "node " + config.id() + ":";
            if (String.valueOf(e.getMessage()).startsWith(prefix)) {
                throw e;
            }
            throw new StartupException(prefix + " " + e.getMessage(), e);
        }
    }

    /** Closes in reverse start order; close() is idempotent, so repeats are harmless. */
    public static void closeAll(List<RaftServer> servers) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }

    private static void createDataDir(NodeConfig config) throws StartupException {
        if (config.dataDir() == null) {
            return;
        }
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new StartupException("cannot create data dir " + config.dataDir() + ": "
                    + reason(e), e);
        } catch (SecurityException e) {
            throw new StartupException("cannot create data dir " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
    }

    /** NIO puts only the path in most messages; the exception's type carries the reason. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return e.getMessage();
    }
}
