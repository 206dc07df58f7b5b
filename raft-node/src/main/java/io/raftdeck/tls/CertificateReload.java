package io.raftdeck.tls;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Re-reads certificate, key and CA files when they change, so that a rotated certificate is
 * served (and a rotated CA trusted) without a restart; new handshakes use it, established
 * connections keep theirs. Files are polled: a change of modification time, size or inode
 * triggers one reload of the group (a key and its certificate are one group, checked together).
 *
 * <p>A reload that fails (a half-written file, a key that no longer matches its certificate)
 * keeps what the node had and logs one warning line; it is tried again only when a file of the
 * group changes again, so a broken file does not fill the log. Replace files with a rename
 * ({@code mv}), certificate before key, to avoid even that one warning. grpc's own
 * {@code updateIdentityCredentials(File, File, period, ...)} polls too, but logs a stack trace
 * every period while a file is broken and never checks that the key fits the certificate.
 */
public final class CertificateReload implements AutoCloseable {

    /** Often enough that a rotation is live within seconds, rarely enough to cost nothing. */
    public static final long DEFAULT_PERIOD_MS = 1_000;
    private static final System.Logger LOGGER =
            System.getLogger(CertificateReload.class.getName());

    /** Reads a group's files into the TLS managers; throws without changing them if broken. */
    interface Load {
        void run() throws TlsFileException;
    }

    private final int nodeId;
    private final List<Group> groups = new ArrayList<>();
    private final ScheduledExecutorService timer;

    private final class Group {
        final String what;
        final List<TlsFile> files;
        final Load load;
        List<Object> seen;

        Group(String what, List<TlsFile> files, Load load) {
            this.what = what;
            this.files = files;
            this.load = load;
            this.seen = stamps(files);
        }

        void reloadIfChanged() {
            List<Object> now = stamps(files);
            if (now.equals(seen)) {
                return;
            }
            seen = now;
            try {
                load.run();
                LOGGER.log(Level.INFO, "node " + nodeId + " reloaded its " + what + " from "
                        + files);
            } catch (TlsFileException e) {
                LOGGER.log(Level.WARNING, "node " + nodeId + " keeps its current " + what
                        + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "node " + nodeId + " keeps its current " + what
                        + ": reloading " + files + " failed: " + e);
            }
        }
    }

    CertificateReload(int nodeId) {
        this.nodeId = nodeId;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "raftdeck-tls-reload-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Watches {@code files}, already loaded once, and runs {@code load} when one changes.
     * Call before {@link #start}.
     */
    void watch(String what, List<TlsFile> files, Load load) {
        groups.add(new Group(what, List.copyOf(files), load));
    }

    void start(long periodMs) {
        timer.scheduleWithFixedDelay(this::checkNow, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** One poll: reloads each group whose files changed since it was last read. */
    synchronized void checkNow() {
        groups.forEach(Group::reloadIfChanged);
    }

    /** What identifies a file's version; a missing file has none (and fails its reload). */
    private static List<Object> stamps(List<TlsFile> files) {
        List<Object> stamps = new ArrayList<>();
        for (TlsFile file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file.path(),
                        BasicFileAttributes.class);
                stamps.add(List.of(attributes.lastModifiedTime(), attributes.size(),
                        Objects.toString(attributes.fileKey())));
            } catch (IOException e) {
                stamps.add("unreadable");
            }
        }
        return stamps;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
