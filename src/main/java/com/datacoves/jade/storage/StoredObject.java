package com.datacoves.jade.storage;

import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;

/**
 * An object opened for reading: its metadata and a stream over its bytes, which the caller must close.
 *
 * @param info    size and content type
 * @param content the bytes, streamed from the store
 * @param file    when the object is a local file ({@link LocalFolderStorage}): the open channel behind
 *                {@code content}, so that a response can send the file directly; null for remote stores. Closing
 *                {@code content} closes it.
 */
public record StoredObject(ObjectInfo info, InputStream content, @Nullable FileChannel file) implements AutoCloseable {

    /** An object of a remote store (no local file). */
    public StoredObject(ObjectInfo info, InputStream content) {
        this(info, content, null);
    }

    @Override
    public void close() throws IOException {
        content.close();
    }
}
