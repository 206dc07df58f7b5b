package io.raftdeck.launcher;

import io.raftdeck.transport.PeerSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code --peer-secret-file}: reads the secret, refuses a file that holds none with a line
 * saying why (never the secret), and warns when other users may read it, as ssh does of keys.
 */
final class PeerSecretFile {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private PeerSecretFile() {
    }

    static PeerSecret read(Path file, CommandLine command) {
        PeerSecret secret;
        try {
            secret = PeerSecret.read(file);
        } catch (NoSuchFileException e) {
            throw new ParameterException(command, "--peer-secret-file " + file
                    + ": no such file");
        } catch (IOException e) {
            throw new ParameterException(command, "--peer-secret-file " + file
                    + ": cannot read it: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command, "--peer-secret-file " + file + ": "
                    + e.getMessage());
        }
        warnIfOthersMayRead(file, command);
        return secret;
    }

    private static void warnIfOthersMayRead(Path file, CommandLine command) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.retainAll(OTHERS);
            if (!permissions.isEmpty()) {
                command.getErr().println("warning: --peer-secret-file " + file + " can be read"
                        + " by other users (chmod 600 " + file + ")");
                command.getErr().flush();
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX permissions here (or unreadable metadata): nothing to warn about.
        }
    }
}
