package io.raftdeck.storage;

/**
 * Storage could not keep its durability promise (write or fsync failed, or recovery found
 * corruption it must not paper over). The message names the file and, where known, the offset.
 * A node that sees this stops: continuing could acknowledge writes that are not durable.
 */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
