package io.raftdeck.tls;

/** A TLS file that cannot be used; the message is one line naming the flag and the file. */
public final class TlsFileException extends Exception {

    TlsFileException(TlsFile file, String problem) {
        super(file.describe() + ": " + problem);
    }
}
