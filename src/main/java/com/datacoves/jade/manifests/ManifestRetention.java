package com.datacoves.jade.manifests;

import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.storage.StorageKey;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Issue #5 item 6: keeps only the newest {@code jade.manifests.retention.keep} ({@code JADE_MANIFEST_RETENTION})
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

    /** Up to :batch untagged rows beyond the :keep newest of their (environment, DAG), oldest ids first. */
    private static final String DELETE_BEYOND_NEWEST = """
            DELETE FROM manifests WHERE id IN (
                SELECT id FROM (
                    SELECT id, row_number() OVER (PARTITION BY environment_id, dag_id
                                                  ORDER BY created_at DESC, id DESC) AS newest
                    FROM manifests WHERE tag IS NULL) ranked
                WHERE newest > ? ORDER BY id LIMIT ?)
            RETURNING storage_key""";
    private static final String KEY_IN_USE = "SELECT EXISTS (SELECT 1 FROM manifests WHERE storage_key = ?)";

    private final ObjectStorage storage;
    private final TransactionOperations<Connection> tx;
    private final int keep;

    /**
     * @param keep newest untagged manifests kept per (environment, DAG); 0 or less turns retention off
     */
    public ManifestRetention(ObjectStorage storage, TransactionOperations<Connection> tx,
                             @Value("${jade.manifests.retention.keep:0}") int keep) {
        this.storage = storage;
        this.tx = tx;
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
            keys = tx.executeWrite(status -> deleteBatch(status.getConnection()));
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

    private List<String> deleteBatch(Connection connection) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (PreparedStatement delete = connection.prepareStatement(DELETE_BEYOND_NEWEST)) {
            delete.setInt(1, keep);
            delete.setInt(2, BATCH);
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    private enum Outcome { DELETED, IN_USE, FAILED }

    /** Deletes the object unless a row uses its key. */
    private Outcome deleteObject(String key) {
        try {
            if (keyInUse(key)) {
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

    private boolean keyInUse(String key) {
        return tx.executeRead(status -> {
            try (PreparedStatement query = status.getConnection().prepareStatement(KEY_IN_USE)) {
                query.setString(1, key);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }
}
