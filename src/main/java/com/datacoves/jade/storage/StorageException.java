package com.datacoves.jade.storage;

/**
 * The object store failed: unreachable, refused (credentials, permissions, missing bucket) or broke mid-transfer.
 * Answered as HTTP 503 with the route family's error shape; the message names the key or bucket, never a secret.
 */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
