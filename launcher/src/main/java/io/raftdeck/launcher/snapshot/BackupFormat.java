package io.raftdeck.launcher.snapshot;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The layout of a backup file written by {@code raftdeck snapshot save}:
 * <pre>
 *   int  magic "RDBK"   int  format version
 *   long index          long term          long dataLength
 *   ...  data           the leader's state machine snapshot, as a node stores it
 *   32 bytes            SHA-256 over the header and the data
 * </pre>
 * The trailer covers the header too, so a flipped index or term is caught like flipped data.
 * The SHA-256 shown to users is that of the data alone: the one the leader computed.
 */
final class BackupFormat {

    static final int MAGIC = 0x5244424B; // "RDBK"
    static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 32;
    static final int TRAILER_BYTES = 32;
    /** A node's snapshot is one byte array, so a backup's data cannot be larger. */
    static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 64;

    private BackupFormat() {
    }

    static ByteBuffer header(long index, long term, long dataLength) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putInt(FORMAT_VERSION).putLong(index).putLong(term)
                .putLong(dataLength).flip();
        return header;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
