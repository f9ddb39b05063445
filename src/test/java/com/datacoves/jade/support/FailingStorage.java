package com.datacoves.jade.support;

import com.datacoves.jade.storage.ObjectInfo;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.storage.StorageException;
import com.datacoves.jade.storage.StorageKey;
import com.datacoves.jade.storage.StoredObject;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * TEST ONLY: an in-memory store whose {@code put} fails (after reading part of the stream) for keys containing
 * {@code fail-me}, or for every key while {@link #failAll} is set. Active with {@code jade.test.failing-storage=true}.
 */
@Singleton
@Replaces(ObjectStorage.class)
@Requires(property = "jade.test.failing-storage", value = "true")
public class FailingStorage implements ObjectStorage {

    /** When true every put fails. */
    public static volatile boolean failAll;

    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public ObjectInfo put(StorageKey key, InputStream content, long length, String contentType) {
        try {
            if (failAll || key.value().contains("fail-me")) {
                content.readNBytes(10);
                throw new StorageException("injected failure at " + key);
            }
            byte[] bytes = content.readAllBytes();
            objects.put(key.value(), bytes);
            return new ObjectInfo(key.value(), bytes.length, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        byte[] b = objects.get(key.value());
        return b == null ? Optional.empty()
                : Optional.of(new StoredObject(new ObjectInfo(key.value(), b.length, null), new ByteArrayInputStream(b)));
    }

    @Override
    public Optional<ObjectInfo> stat(StorageKey key) {
        return get(key).map(StoredObject::info);
    }

    @Override
    public void delete(StorageKey key) {
        objects.remove(key.value());
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> new ObjectInfo(e.getKey(), e.getValue().length, null)).toList();
    }

    @Override
    public void checkWritable() {
    }

    @Override
    public String adapterName() {
        return "test-failing";
    }
}
