package com.datacoves.jade.observability;

import com.datacoves.jade.storage.ObjectInfo;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.storage.StorageKey;
import com.datacoves.jade.storage.StoredObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An {@link ObjectStorage} that times every call of the adapter it wraps and counts stored bytes:
 * <ul>
 *   <li>{@code jade.storage.operations} (timer; Prometheus {@code jade_storage_operations_seconds_*}) tagged
 *       {@code adapter}, {@code operation} (put, get, stat, delete, list, check) and {@code outcome}
 *       ({@code success} or {@code error}: its count is the error count);</li>
 *   <li>{@code jade.storage.upload.bytes} (counter) tagged {@code adapter}: bytes of every completed put.</li>
 * </ul>
 * Behaviour is the wrapped adapter's, unchanged. {@link #delegate()} gives the adapter itself.
 */
public final class MeteredObjectStorage implements ObjectStorage {

    /** Name of the operation timer. */
    public static final String OPERATIONS = "jade.storage.operations";
    /** Name of the stored-bytes counter. */
    public static final String UPLOAD_BYTES = "jade.storage.upload.bytes";

    private final ObjectStorage delegate;
    private final MeterRegistry registry;
    private final Counter uploadBytes;

    /** Wraps {@code delegate}, registering meters in {@code registry}. */
    public MeteredObjectStorage(ObjectStorage delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        this.uploadBytes = Counter.builder(UPLOAD_BYTES).baseUnit("bytes")
                .description("Bytes stored by completed uploads").tag("adapter", delegate.adapterName())
                .register(registry);
    }

    /** The wrapped adapter. */
    public ObjectStorage delegate() {
        return delegate;
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "success";
            return result;
        } finally {
            Timer.builder(OPERATIONS).description("Object storage calls by operation and outcome")
                    .tag("adapter", delegate.adapterName()).tag("operation", operation).tag("outcome", outcome)
                    .register(registry).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void timedVoid(String operation, Runnable call) {
        timed(operation, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public ObjectInfo put(StorageKey key, InputStream content, long length, String contentType) {
        ObjectInfo info = timed("put", () -> delegate.put(key, content, length, contentType));
        uploadBytes.increment(info.sizeBytes());
        return info;
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        return timed("get", () -> delegate.get(key));
    }

    @Override
    public Optional<ObjectInfo> stat(StorageKey key) {
        return timed("stat", () -> delegate.stat(key));
    }

    @Override
    public boolean exists(StorageKey key) {
        return timed("stat", () -> delegate.exists(key));
    }

    @Override
    public void delete(StorageKey key) {
        timedVoid("delete", () -> delegate.delete(key));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return timed("list", () -> delegate.list(prefix));
    }

    @Override
    public void checkWritable() {
        timedVoid("check", delegate::checkWritable);
    }

    @Override
    public void checkReachable() {
        timedVoid("check", delegate::checkReachable);
    }

    @Override
    public String adapterName() {
        return delegate.adapterName();
    }

    @Override
    public String location() {
        return delegate.location();
    }
}
