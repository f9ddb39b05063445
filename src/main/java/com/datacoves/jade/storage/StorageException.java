package com.datacoves.jade.storage;

import com.datacoves.jade.common.UpstreamUnavailableException;

/**
 * The object store failed: unreachable, refused (credentials, permissions, missing bucket) or broke mid-transfer.
 * Clients get a 503 saying nothing was changed; {@link #detail()} names the adapter, bucket and key for operators
 * (never a secret).
 */
public class StorageException extends UpstreamUnavailableException {

    /** What clients read. */
    public static final String CLIENT_MESSAGE = "Storage is unavailable, nothing was changed; try again later.";

    /**
     * @param detail what failed, e.g. {@code storage: S3 bucket 'jade' failed to write object 'a/b': …}
     * @param cause  the adapter's exception
     */
    public StorageException(String detail, Throwable cause) {
        super(CLIENT_MESSAGE, detail, cause);
    }

    /** @param detail what failed */
    public StorageException(String detail) {
        super(CLIENT_MESSAGE, detail);
    }

    /** The operator's text ({@link #detail()}). */
    @Override
    public String toString() {
        return detail();
    }
}
