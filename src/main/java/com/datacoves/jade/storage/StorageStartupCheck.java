package com.datacoves.jade.storage;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start the service when the object store is not usable: at start-up it calls
 * {@link ObjectStorage#checkWritable()} (bucket, container or folder exists, or is created when
 * {@code STORAGE_CREATE_BUCKET=true}, and accepts a probe write and delete under {@code .jade-probe/}).
 *
 * <p>Turned off with {@code jade.storage.check-at-startup=false} (for tests that do not use storage).
 */
@Singleton
@Requires(property = "jade.storage.check-at-startup", notEquals = "false")
public class StorageStartupCheck implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StorageStartupCheck.class);

    private final BeanProvider<ObjectStorage> adapters;
    private final String adapter;

    /**
     * @param adapters the configured adapter, if {@code jade.storage.adapter} names one
     * @param adapter  the value of {@code jade.storage.adapter}
     */
    public StorageStartupCheck(BeanProvider<ObjectStorage> adapters,
                               @Property(name = "jade.storage.adapter", defaultValue = "local") String adapter) {
        this.adapters = adapters;
        this.adapter = adapter;
    }

    /**
     * Runs the check.
     *
     * @throws StorageException with a one-line message, e.g. {@code storage: cannot reach MinIO at
     *                          http://localhost:9000: Connection refused}; start-up then fails
     */
    @Override
    public void onApplicationEvent(StartupEvent event) {
        check();
    }

    /**
     * The check itself, also callable outside an event.
     *
     * @throws StorageException when the store is unreachable, the bucket is missing or writes are refused
     */
    public void check() {
        if (!adapters.isPresent()) {
            throw new StorageException("storage: STORAGE_ADAPTER (jade.storage.adapter) must be one of local, minio, "
                    + "s3, blob; got '" + adapter + "'");
        }
        ObjectStorage storage = adapters.get();
        long started = System.nanoTime();
        try {
            storage.checkWritable();
        } catch (StorageException e) {
            LOG.error("{}", e.detail());
            throw e;
        } catch (RuntimeException e) {
            String line = "storage: " + storage.adapterName() + " store '" + storage.location() + "' is not usable: "
                    + StorageFailures.rootMessage(e);
            LOG.error("{}", line);
            throw new StorageException(line, e);
        }
        LOG.info("storage: {} '{}' is writable ({} ms)", storage.adapterName(), storage.location(),
                (System.nanoTime() - started) / 1_000_000);
    }
}
