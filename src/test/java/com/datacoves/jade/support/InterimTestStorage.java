package com.datacoves.jade.support;

import com.datacoves.jade.storage.ObjectInfo;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.storage.StorageKey;
import com.datacoves.jade.storage.StoredObject;
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
 * TEST ONLY, interim: an in-memory {@link ObjectStorage} used until the storage branch's LocalFolderStorage is merged
 * (it switches itself off as soon as that class exists). Delete after the merge.
 */
@Singleton
@Requires(missingClasses = "com.datacoves.jade.storage.LocalFolderStorage")
public class InterimTestStorage implements ObjectStorage {

    private record Entry(byte[] bytes, String contentType) {
    }

    private final Map<String, Entry> objects = new ConcurrentSkipListMap<>();

    @Override
    public ObjectInfo put(StorageKey key, InputStream content, long length, String contentType) {
        try {
            byte[] bytes = content.readAllBytes();
            objects.put(key.value(), new Entry(bytes, contentType));
            return new ObjectInfo(key.value(), bytes.length, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        Entry e = objects.get(key.value());
        return e == null ? Optional.empty() : Optional.of(new StoredObject(
                new ObjectInfo(key.value(), e.bytes().length, e.contentType()), new ByteArrayInputStream(e.bytes())));
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
                .map(e -> new ObjectInfo(e.getKey(), e.getValue().bytes().length, e.getValue().contentType())).toList();
    }

    @Override
    public void checkWritable() {
    }

    @Override
    public String adapterName() {
        return "test-memory";
    }
}
