package io.raftdeck.launcher.snapshot;

import io.grpc.Context;
import io.grpc.Deadline;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.client.ClientOptions;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.launcher.client.StatusReport;
import io.raftdeck.launcher.snapshot.BackupWriter.SavedBackup;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.SaveSnapshotRequest;
import io.raftdeck.proto.v1.SnapshotChunk;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code raftdeck snapshot save FILE}. */
@Command(name = "save",
        mixinStandardHelpOptions = true,
        header = "Write a consistent snapshot of the leader's state to FILE.",
        description = {
            "Finds the leader among --cluster and streams its snapshot, taken after a",
            "read-index round, so it holds every write acknowledged before the command",
            "started. Written to FILE.part, checked against the leader's SHA-256, fsynced and",
            "renamed to FILE. Prints index, term, size and sha256. Refuses an existing FILE",
            "without --force. Exits 3 when no leader is known; raise --timeout-ms for a big",
            "state (the whole transfer must fit in it).",
        })
final class SnapshotSaveCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the backup.")
    private Path file;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    private boolean force;

    @Override
    public Integer call() throws InterruptedException, IOException {
        try (ClusterClient cluster = client.connect(spec);
                BackupWriter writer = BackupWriter.create(file, force)) {
            NodeAddress leader = leader(cluster);
            SavedBackup saved = cluster.callNode("snapshot save", leader,
                    (channel, deadline) -> receive(channel, deadline, writer));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("saved %s from the leader at %s%n", file, leader);
            out.printf("index %d%nterm %d%nsize %d bytes%nsha256 %s%n", saved.index(),
                    saved.term(), saved.sizeBytes(), saved.sha256());
            out.flush();
        }
        return ExitCodes.OK;
    }

    private SavedBackup receive(io.grpc.ManagedChannel channel, Deadline deadline,
            BackupWriter writer) {
        // The stream is cancelled when this scope ends, so a failure here never leaves the
        // leader sending to nobody.
        Context.CancellableContext scope = Context.current().withCancellation();
        try {
            return scope.call(() -> {
                Iterator<SnapshotChunk> chunks = AdminServiceGrpc.newBlockingStub(channel)
                        .withDeadline(deadline).saveSnapshot(
                                SaveSnapshotRequest.getDefaultInstance());
                Progress progress = null;
                while (chunks.hasNext()) {
                    SnapshotChunk chunk = chunks.next();
                    if (progress == null) {
                        writer.begin(chunk.getIndex(), chunk.getTerm(), chunk.getTotalBytes());
                        progress = new Progress(spec.commandLine().getErr(), "received",
                                writer.totalBytes());
                    }
                    writer.data(chunk.getData().asReadOnlyByteBuffer());
                    progress.advanced(writer.receivedBytes());
                    if (!chunk.getSha256().isEmpty()) {
                        return writer.finish(chunk.getSha256().toByteArray());
                    }
                }
                throw new CommandFailure(ExitCodes.INTERNAL, "the snapshot stream ended"
                        + " without its checksum");
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CommandFailure(ExitCodes.INTERNAL, "cannot write " + file + ": " + e);
        } finally {
            scope.cancel(null);
        }
    }

    /**
     * The node that leads, of the newest term if an old leader has not heard yet: any other
     * refuses the snapshot (and a deposed one fails its read-index round).
     */
    private NodeAddress leader(ClusterClient cluster) throws InterruptedException {
        StatusReport newest = null;
        for (StatusReport report : cluster.statusOfEach(client.timeoutMs())) {
            if (report.isLeader() && (newest == null
                    || report.status().getTerm() > newest.status().getTerm())) {
                newest = report;
            }
        }
        if (newest != null) {
            return newest.address();
        }
        throw new CommandFailure(ExitCodes.NO_LEADER, "no leader among " + cluster.nodes()
                + "; try again once one is elected");
    }
}
