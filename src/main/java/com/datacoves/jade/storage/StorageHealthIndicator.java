package com.datacoves.jade.storage;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;

/**
 * Health of the object store, reported as {@code storage} by {@code /health}: UP when the bucket, container or folder
 * answers a cheap read-only check ({@link ObjectStorage#checkReachable()}), DOWN otherwise, with details
 * {@code {adapter, bucket|container|path[, error]}}. Never throws; the check runs on the blocking executor.
 */
@Singleton
@Requires(beans = ObjectStorage.class)
@Requires(property = "endpoints.health.storage.enabled", notEquals = "false")
public class StorageHealthIndicator implements HealthIndicator {

    /** Name of this indicator in the health report. */
    public static final String NAME = "storage";

    private final ObjectStorage storage;
    private final ExecutorService executor;

    /**
     * @param storage  the configured adapter
     * @param executor where the blocking check runs
     */
    public StorageHealthIndicator(ObjectStorage storage, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.storage = storage;
        this.executor = executor;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(this::check, executor));
    }

    /**
     * Runs the check now, on the calling thread.
     *
     * @return UP or DOWN with details; never throws
     */
    public HealthResult check() {
        Map<String, Object> details = new LinkedHashMap<>();
        HealthStatus status;
        try {
            details.put("adapter", storage.adapterName());
            details.put(locationLabel(storage.adapterName()), storage.location());
            storage.checkReachable();
            status = HealthStatus.UP;
        } catch (RuntimeException e) {
            status = HealthStatus.DOWN;
            details.put("error", e instanceof StorageException se ? se.detail() : StorageFailures.rootMessage(e));
        }
        return HealthResult.builder(NAME, status).details(details).build();
    }

    private static String locationLabel(String adapter) {
        return switch (adapter) {
            case "local" -> "path";
            case "blob" -> "container";
            default -> "bucket";
        };
    }
}
