package com.datacoves.jade.manifests;

import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.storage.StorageKey;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * Keeps only the newest {@code jade.manifests.retention.keep} ({@code JADE_MANIFEST_RETENTION})
 * untagged manifests of each (environment, DAG), in the background; manifests uploaded without a DAG form one group
 * per environment. Tagged manifests are always kept and do not count. Off (0) by default.
 *
 * <p>Order: <b>rows first, then objects</b>. Each batch deletes rows in one transaction and returns their storage
 * keys; only after that commit are the objects deleted, each one only if no remaining row uses its key (checked just
 * before: a new upload for the same DAG run reuses the key). So nothing the API can reach ever points to a missing
 * object: a reader sees a manifest whole or not at all. The price of this order: an object whose deletion fails stays
 * behind, unreferenced and invisible through the API (logged with its key).
 *
 * <p>Schedule: first pass {@code jade.manifests.retention.initial-delay} (10 min) after start — so one-shot CLI
 * commands never run it — then every {@code jade.manifests.retention.interval} (1 h). Several replicas may run it at
 * once: deleting a row or an object twice is harmless.
 */
@Singleton
public class ManifestRetention {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestRetention.class);
    /** Rows deleted per transaction. */
    static final int BATCH = 500;

    private final ObjectStorage storage;
    private final ManifestRepository manifests;
    private final int keep;

    /**
     * @param keep newest untagged manifests kept per (environment, DAG); 0 or less turns retention off
     */
    public ManifestRetention(ObjectStorage storage, ManifestRepository manifests,
                             @Value("${jade.manifests.retention.keep:0}") int keep) {
        this.storage = storage;
        this.manifests = manifests;
        this.keep = keep;
    }

    /**
     * What one pass removed.
     *
     * @param rows          manifest rows deleted
     * @param objects       objects deleted from storage (a key still used by a newer row keeps its object)
     * @param objectsFailed objects whose deletion failed (left behind, unreferenced)
     */
    public record Pass(int rows, int objects, int objectsFailed) {
    }

    /** The scheduled pass; failures are logged, never thrown (the next pass retries). */
    @Scheduled(initialDelay = "${jade.manifests.retention.initial-delay:10m}",
            fixedDelay = "${jade.manifests.retention.interval:1h}")
    void scheduled() {
        if (keep <= 0) {
            return;
        }
        try {
            Pass pass = runOnce();
            if (pass.rows() > 0) {
                LOG.info("manifest retention (keep {} per DAG): {} manifests removed, {} objects deleted, {} failed",
                        keep, pass.rows(), pass.objects(), pass.objectsFailed());
            }
        } catch (RuntimeException e) {
            LOG.warn("manifest retention pass failed: {}", e.toString());
        }
    }

    /**
     * Runs one pass now, in batches of {@link #BATCH} rows until nothing is beyond the limit.
     *
     * @return what was removed; nothing when retention is off
     * @throws RuntimeException when the database fails (batches already committed stay deleted)
     */
    public Pass runOnce() {
        if (keep <= 0) {
            return new Pass(0, 0, 0);
        }
        int rows = 0;
        int objects = 0;
        int failed = 0;
        List<String> keys;
        do {
            keys = manifests.deleteBeyondNewest(keep, BATCH);
            rows += keys.size();
            for (String key : new LinkedHashSet<>(keys)) {
                switch (deleteObject(key)) {
                    case DELETED -> objects++;
                    case FAILED -> failed++;
                    default -> {
                    }
                }
            }
        } while (keys.size() == BATCH);
        return new Pass(rows, objects, failed);
    }

    private enum Outcome { DELETED, IN_USE, FAILED }

    /** Deletes the object unless a row uses its key. */
    private Outcome deleteObject(String key) {
        try {
            if (manifests.storageKeyInUse(key)) {
                return Outcome.IN_USE;
            }
            storage.delete(StorageKey.of(key.split("/")));
            return Outcome.DELETED;
        } catch (RuntimeException e) {
            LOG.warn("manifest retention: object {} could not be deleted ({}); it stays, unreferenced", key,
                    e.toString());
            return Outcome.FAILED;
        }
    }
}
