package com.datacoves.jade.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The narrow port to an object store (local folder, MinIO, S3, Azure Blob), chosen by {@code jade.storage.adapter}
 * ({@code STORAGE_ADAPTER}). Blocking: call it from a blocking executor.
 *
 * <p>Every implementation honours the same contract (see the contract test): an object becomes visible only once it
 * is stored whole; a put over an existing key replaces it; missing objects are empty results, never exceptions;
 * memory use does not grow with object size. Vendor failures are translated into {@link StorageException} with the
 * key in the message.
 */
public interface ObjectStorage {

    /**
     * Stores {@code content} under {@code key}, streaming; the stream is read to its end but not closed.
     *
     * @param key         where to store
     * @param content     the bytes
     * @param length      number of bytes when known, or {@code -1} when unknown (the adapter then uploads in parts)
     * @param contentType MIME type, e.g. {@code application/json}; may be null
     * @return what was stored (size in bytes)
     * @throws StorageException when the store is unreachable or refuses; nothing is then visible under {@code key}
     */
    ObjectInfo put(StorageKey key, InputStream content, long length, String contentType);

    /**
     * Opens the object for reading. The caller closes the returned stream.
     *
     * @return the object with its size, or empty when no object has that key
     * @throws StorageException when the store is unreachable
     */
    Optional<StoredObject> get(StorageKey key);

    /** Size and metadata of the object, or empty when missing. @throws StorageException when unreachable */
    Optional<ObjectInfo> stat(StorageKey key);

    /** True when an object has that key. @throws StorageException when unreachable */
    default boolean exists(StorageKey key) {
        return stat(key).isPresent();
    }

    /** Removes the object; a missing object is not an error. @throws StorageException when unreachable */
    void delete(StorageKey key);

    /**
     * Objects whose key starts with {@code prefix} (a key prefix such as {@code environments/dev123/}), in key order.
     *
     * @throws StorageException when unreachable
     */
    List<ObjectInfo> list(String prefix);

    /**
     * Checks that the bucket, container or folder exists and accepts writes (used at start-up and by health).
     *
     * @throws StorageException with a one-line explanation when it does not
     */
    void checkWritable();

    /** Short name of the adapter for logs and health: {@code local}, {@code minio}, {@code s3} or {@code blob}. */
    String adapterName();

    /**
     * Where the objects live, for logs and health, never with credentials: the folder path, the bucket name or the
     * container name.
     */
    default String location() {
        return adapterName();
    }

    /**
     * Cheap read-only check that the store answers and the bucket, container or folder exists (used by health).
     * The default lists a prefix that normally holds nothing.
     *
     * @throws StorageException with a one-line explanation when the store is unreachable or the bucket is missing
     */
    default void checkReachable() {
        list(".jade-probe/");
    }
}
