package com.datacoves.jade.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * An object opened for reading: its metadata and a stream over its bytes, which the caller must close.
 *
 * @param info    size and content type
 * @param content the bytes, streamed from the store
 */
public record StoredObject(ObjectInfo info, InputStream content) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        content.close();
    }
}
