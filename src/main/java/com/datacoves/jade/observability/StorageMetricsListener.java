package com.datacoves.jade.observability;

import com.datacoves.jade.storage.ObjectStorage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Wraps the {@link ObjectStorage} bean in a {@link MeteredObjectStorage} as it is created, so every adapter is
 * measured without touching the adapters. Off when metrics are off, or with {@code jade.metrics.storage.enabled=false}
 * (the test environment does this for the tests that check the adapter's concrete class).
 */
@Singleton
@Requires(property = "micronaut.metrics.enabled", notEquals = "false")
@Requires(property = "jade.metrics.storage.enabled", notEquals = "false")
@Requires(classes = MeterRegistry.class)
public class StorageMetricsListener implements BeanCreatedEventListener<ObjectStorage> {

    private final BeanProvider<MeterRegistry> registry;

    /** @param registry the application's meter registry, looked up when the storage is created */
    public StorageMetricsListener(BeanProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public ObjectStorage onCreated(BeanCreatedEvent<ObjectStorage> event) {
        ObjectStorage storage = event.getBean();
        if (storage instanceof MeteredObjectStorage || !registry.isPresent()) {
            return storage;
        }
        return new MeteredObjectStorage(storage, registry.get());
    }
}
