package com.datacoves.jade.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** The adapters as Micronaut beans: selection by property, start-up check, health. */
class StorageWiringTest {

    @RegisterExtension
    static final S3ProxyServer S3PROXY = new S3ProxyServer();

    @TempDir
    Path dir;

    /** Starts a context with the given storage settings; the databases are configured but never contacted. */
    private static ApplicationContext run(Map<String, Object> storage) {
        Map<String, Object> p = new HashMap<>(storage);
        for (String db : new String[] {"default", "datacoves"}) {
            p.put("datasources." + db + ".url", "jdbc:postgresql://127.0.0.1:1/unused");
            p.put("datasources." + db + ".initialization-fail-timeout", -1);
            p.put("datasources." + db + ".minimum-idle", 0);
        }
        p.put("flyway.datasources.default.enabled", false);
        return ApplicationContext.run(p);
    }

    @Test
    void localIsTheDefaultAndIsCheckedAtStartup() {
        try (ApplicationContext ctx = run(Map.of("jade.storage.local.path", dir.resolve("store").toString()))) {
            ObjectStorage storage = ctx.getBean(ObjectStorage.class);
            assertInstanceOf(LocalFolderStorage.class, storage);
            assertTrue(dir.resolve("store").toFile().isDirectory(), "the start-up check created the folder");
            HealthResult health = Mono.from(ctx.getBean(StorageHealthIndicator.class).getResult()).block();
            assertEquals("storage", health.getName());
            assertEquals(HealthStatus.UP, health.getStatus());
            assertEquals(Map.of("adapter", "local", "path", dir.resolve("store").toString()), health.getDetails());
            assertTrue(ctx.getBeansOfType(HealthIndicator.class).stream()
                    .anyMatch(StorageHealthIndicator.class::isInstance), "reported by /health");
        }
    }

    @Test
    void theLocalFolderDefaultsToDotJadeStorage() {
        try (ApplicationContext ctx = run(Map.of("jade.storage.check-at-startup", false))) {
            LocalFolderStorage storage = (LocalFolderStorage) ctx.getBean(ObjectStorage.class);
            assertEquals(Path.of(".jade/storage").toAbsolutePath().normalize(), storage.root());
            assertTrue(ctx.findBean(StorageStartupCheck.class).isEmpty());
        }
    }

    @Test
    void s3IsSelectedAndCreatesItsBucketWhenAllowed() {
        Map<String, Object> p = s3("created-at-startup");
        p.put("jade.storage.create-bucket", "true");
        try (ApplicationContext ctx = run(p)) {
            assertInstanceOf(S3Storage.class, ctx.getBean(ObjectStorage.class));
            HealthResult health = ctx.getBean(StorageHealthIndicator.class).check();
            assertEquals(HealthStatus.UP, health.getStatus());
            assertEquals(Map.of("adapter", "s3", "bucket", "created-at-startup"), health.getDetails());
        }
    }

    @Test
    void aMissingBucketStopsTheStartWithOneLine() {
        Exception e = assertThrows(Exception.class, () -> run(s3("never-created")).close());
        StorageException cause = causeOfType(e, StorageException.class);
        assertEquals("storage: S3 bucket 'never-created' does not exist (set STORAGE_CREATE_BUCKET=true to create it)",
                cause.detail());
    }

    @Test
    void anUnreachableServerStopsTheStartAndHealthIsDown() {
        Map<String, Object> p = new HashMap<>();
        p.put("jade.storage.adapter", "minio");
        p.put("jade.storage.minio.url", "http://127.0.0.1:" + FreePort.pick());
        p.put("jade.storage.minio.access-key", "a");
        p.put("jade.storage.minio.secret-key", "b");
        p.put("jade.storage.minio.bucket", "jade-dev");
        Exception e = assertThrows(Exception.class, () -> run(p).close());
        String message = causeOfType(e, StorageException.class).detail();
        assertTrue(message.startsWith("storage: cannot reach MinIO at http://127.0.0.1:")
                && message.endsWith("Connection refused"), message);

        p.put("jade.storage.check-at-startup", "false");
        try (ApplicationContext ctx = run(p)) {
            HealthResult health = ctx.getBean(StorageHealthIndicator.class).check();
            assertEquals(HealthStatus.DOWN, health.getStatus());
            Map<?, ?> details = (Map<?, ?>) health.getDetails();
            assertEquals("minio", details.get("adapter"));
            assertEquals("jade-dev", details.get("bucket"));
            assertTrue(String.valueOf(details.get("error")).contains("Connection refused"), details.toString());
        }
    }

    @Test
    void anUnknownAdapterStopsTheStart() {
        Exception e = assertThrows(Exception.class, () -> run(Map.of("jade.storage.adapter", "gcs")).close());
        assertEquals("storage: STORAGE_ADAPTER (jade.storage.adapter) must be one of local, minio, s3, blob; got 'gcs'",
                causeOfType(e, StorageException.class).detail());
    }

    @Test
    void aMissingSettingIsRefused() {
        Map<String, Object> p = new HashMap<>(Map.of("jade.storage.adapter", "s3", "jade.storage.s3.region", "x"));
        Exception e = assertThrows(Exception.class, () -> run(p).close());
        assertTrue(String.valueOf(e.getMessage()).contains("bucket"), e.getMessage());
    }

    private Map<String, Object> s3(String bucket) {
        Map<String, Object> p = new HashMap<>();
        p.put("jade.storage.adapter", "s3");
        p.put("jade.storage.s3.bucket", bucket);
        p.put("jade.storage.s3.region", "us-east-1");
        p.put("jade.storage.s3.access-key", S3ProxyServer.ACCESS_KEY);
        p.put("jade.storage.s3.secret-key", S3ProxyServer.SECRET_KEY);
        p.put("jade.storage.s3.endpoint", S3PROXY.uri().toString());
        return p;
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + e, e);
    }
}
