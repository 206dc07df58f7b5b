package io.raftdeck.launcher.cli;

import io.grpc.ChannelCredentials;
import io.raftdeck.tls.ClientTls;
import io.raftdeck.tls.TlsFile;
import io.raftdeck.tls.TlsFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The TLS flags of every command that dials nodes as a client (put, get, del, cas, command,
 * status, log, transfer, console, bench --cluster, chaos --cluster): one mixin, so they read
 * and fail alike, and one builder of the credentials ({@link ClientTls}).
 */
public final class ClientTlsOptions {

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "Talk TLS, checking the nodes' certificates against this CA (PEM); "
                    + "with --peer-tls-* nodes that is the members' CA. Needed for a cluster "
                    + "started with --tls-cert or --peer-tls-cert.")
    private Path ca;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Client certificate (PEM) to show, for nodes started with "
                    + "--client-cert-auth; needs --tls-key.")
    private Path certificate;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "Private key of --tls-cert (unencrypted PKCS#8 PEM).")
    private Path key;

    /**
     * Plaintext without any of the flags, else TLS with them.
     *
     * @throws ParameterException for a certificate without key (or the reverse) or a file
     *                            that cannot be used, naming flag and file
     */
    public ChannelCredentials credentials(CommandLine command) {
        if ((certificate == null) != (key == null)) {
            throw new ParameterException(command, certificate == null
                    ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");
        }
        try {
            return ClientTls.credentials(file("--tls-ca", ca), file("--tls-cert", certificate),
                    file("--tls-key", key));
        } catch (TlsFileException e) {
            throw new ParameterException(command, e.getMessage());
        }
    }

    /**
     * Refuses the flags for a command that starts its own (plaintext) nodes.
     *
     * @param cluster whether the command runs on a given --cluster
     */
    public void requireCluster(boolean cluster, CommandLine command) {
        if (!cluster && (ca != null || certificate != null || key != null)) {
            throw new ParameterException(command, "--tls-ca, --tls-cert and --tls-key are for"
                    + " a --cluster that serves TLS; the nodes started here speak plaintext");
        }
    }

    private static TlsFile file(String flag, Path path) {
        return path == null ? null : new TlsFile(flag, path);
    }
}
