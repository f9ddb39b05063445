package com.datacoves.jade.index;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The refresh coordination tables {@code index_environment} (one row per indexed environment: its position, when its
 * next pass is due, who runs it) and {@code index_replica} (the live replicas). Claims are leases: a replica
 * claims due environments with {@code FOR UPDATE SKIP LOCKED}, renews its leases with its heartbeat and clears each
 * when the pass ends; a lease that is not renewed lapses and the environment can be claimed again (docs/index.md,
 * "Coordination"). Which replica owns an environment is computed by the replicas from the live list
 * ({@link IndexOwnership}) and recorded here ({@link #own}).
 */
@Singleton
public class IndexStateRepository {

    private static final String STATE_COLUMNS = "environment_id, high_dag_run_id, hole_ids, hole_seen_ms, "
            + "sweep_after_id, next_sweep_at, dags_digest, dags_read_at, last_success_at, failures, last_error, "
            + "COALESCE(lease_until > now(), false) AS running";

    private static final RowMapper<IndexState> STATE = (rs, ctx) -> read(rs);

    private final Jdbi jade;

    /** Uses Jade's database. */
    public IndexStateRepository(@Named("jade") Jdbi jade) {
        this.jade = jade;
    }

    /**
     * Makes {@code index_environment} hold exactly these environments: adds rows for new ones (due at once) and
     * removes those no longer indexed (their runs stay in {@code run_index}).
     */
    public void sync(Collection<Long> environmentIds) {
        Long[] ids = environmentIds.toArray(new Long[0]);
        jade.useTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO index_environment (environment_id) SELECT unnest(CAST(? AS bigint[]))
                    ON CONFLICT (environment_id) DO NOTHING""").bind(0, ids).execute();
            h.createUpdate("DELETE FROM index_environment WHERE NOT (environment_id = ANY(?))").bind(0, ids)
                    .execute();
        });
    }

    /** Adds rows for these environments when missing (a request about an environment the background has not synced). */
    public void ensure(Collection<Long> environmentIds) {
        jade.useHandle(h -> h.createUpdate("""
                INSERT INTO index_environment (environment_id) SELECT unnest(CAST(? AS bigint[]))
                ON CONFLICT (environment_id) DO NOTHING""").bind(0, environmentIds.toArray(new Long[0])).execute());
    }

    /** Renews the leases this replica holds, without counting it among the live replicas (no background passes). */
    public void renewLeases(String replicaId, Duration lease) {
        jade.useHandle(h -> h.createUpdate("""
                UPDATE index_environment SET lease_until = now() + make_interval(secs => ?)
                WHERE lease_owner = ? AND lease_until > now()""").bind(0, seconds(lease)).bind(1, replicaId).execute());
    }

    /**
     * The replica's heartbeat: records it as live and renews every lease it holds.
     *
     * @return the live replicas (heartbeat younger than {@code lease}), this one included, sorted by id
     */
    public List<String> heartbeat(String replicaId, Duration lease) {
        double seconds = lease.toMillis() / 1000.0;
        return jade.inTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO index_replica (replica_id) VALUES (?)
                    ON CONFLICT (replica_id) DO UPDATE SET heartbeat_at = now()""").bind(0, replicaId).execute();
            h.createUpdate("""
                    UPDATE index_environment SET lease_until = now() + make_interval(secs => ?)
                    WHERE lease_owner = ? AND lease_until > now()""").bind(0, seconds).bind(1, replicaId).execute();
            h.createUpdate("DELETE FROM index_replica WHERE heartbeat_at < now() - interval '1 day'").execute();
            return h.createQuery("""
                    SELECT replica_id FROM index_replica WHERE heartbeat_at > now() - make_interval(secs => ?)
                    ORDER BY replica_id""").bind(0, seconds).mapTo(String.class).list();
        });
    }

    /** Removes the replica from the live ones and gives up its leases (on shutdown). */
    public void leave(String replicaId) {
        jade.useTransaction(h -> {
            h.createUpdate("DELETE FROM index_replica WHERE replica_id = ?").bind(0, replicaId).execute();
            h.createUpdate("""
                    UPDATE index_environment SET lease_owner = NULL, lease_until = NULL, next_pass_at = now()
                    WHERE lease_owner = ?""").bind(0, replicaId).execute();
        });
    }

    /**
     * Records which environments this replica owns ({@link IndexOwnership}, computed from the live replicas its
     * heartbeat returned): sets {@code owner_replica} on those that name another replica or none. The scheduler runs
     * it when its share changed and once a minute, so a row left to a replica that no longer owns it (two replicas
     * wrote while their lists differed) is put right within a minute, and claimed as overdue meanwhile. Rows are never cleared: a replica gone keeps its rows until their new owners
     * write theirs.
     */
    public void own(String replicaId, Collection<Long> owned) {
        jade.useHandle(h -> h.createUpdate("""
                        UPDATE index_environment SET owner_replica = :replica
                        WHERE environment_id = ANY(:owned) AND owner_replica IS DISTINCT FROM :replica""")
                .bind("replica", replicaId).bind("owned", owned.toArray(new Long[0])).execute());
    }

    /**
     * Claims up to {@code limit} environments that are due and unclaimed. First those the replica owns
     * ({@code owner_replica}, see {@link #own}); then, only with workers to spare, any due one whose last pass failed
     * (another replica may reach its Airflow database) and any whose next pass is overdue by more than
     * {@code overdue} (its owner is behind, or gone and not yet replaced). A replica that falls behind therefore keeps
     * its environments while the others are busy too: moving an environment costs the new holder a connection to its
     * Airflow database, and on a saturated cluster those moves only add load. Each step is one indexed statement
     * ({@code FOR UPDATE SKIP LOCKED}, oldest due first) without a list of ids to plan.
     *
     * @return the claimed environments' states, its own first
     */
    public List<IndexState> claimDue(String replicaId, int limit, Duration lease, Duration overdue) {
        return jade.withHandle(h -> {
            List<IndexState> claimed = new ArrayList<>(h.createQuery(CLAIM.formatted("owner_replica = :replica"))
                    .bind("replica", replicaId).bind("lease", seconds(lease)).bind("limit", limit).map(STATE).list());
            if (claimed.size() < limit) {
                claimed.addAll(h.createQuery(CLAIM.formatted("""
                                owner_replica IS DISTINCT FROM :replica
                                AND (failures > 0 OR next_pass_at <= now() - make_interval(secs => :overdue))"""))
                        .bind("replica", replicaId).bind("lease", seconds(lease)).bind("overdue", seconds(overdue))
                        .bind("limit", limit - claimed.size()).map(STATE).list());
            }
            return claimed;
        });
    }

    /** Claims the due, unclaimed environments matching a condition (%s), oldest due first, up to {@code :limit}. */
    private static final String CLAIM = """
            UPDATE index_environment e SET lease_owner = :replica, lease_until = now() + make_interval(secs => :lease)
            FROM (SELECT environment_id FROM index_environment
                  WHERE next_pass_at <= now() AND (lease_until IS NULL OR lease_until < now()) AND %s
                  ORDER BY next_pass_at LIMIT :limit FOR UPDATE SKIP LOCKED) due
            WHERE e.environment_id = due.environment_id
            RETURNING\s""" + STATE_COLUMNS.replace("environment_id,", "e.environment_id,");

    /** Claims these environments when no live claim holds them (a request that needs a fresh index now). */
    public List<IndexState> claim(String replicaId, Collection<Long> environmentIds, Duration lease) {
        return jade.withHandle(h -> h.createQuery("""
                        UPDATE index_environment e SET lease_owner = ?, lease_until = now() + make_interval(secs => ?)
                        FROM (SELECT environment_id FROM index_environment
                              WHERE environment_id = ANY(?) AND (lease_until IS NULL OR lease_until < now())
                              FOR UPDATE SKIP LOCKED) free
                        WHERE e.environment_id = free.environment_id
                        RETURNING\s""" + STATE_COLUMNS.replace("environment_id,", "e.environment_id,"))
                .bind(0, replicaId).bind(1, seconds(lease)).bind(2, environmentIds.toArray(new Long[0]))
                .map(STATE).list());
    }

    /**
     * Ends a successful pass: stores the new position, schedules the next pass after {@code interval} and clears the
     * lease — only while the replica still holds it (a pass whose lease lapsed stores nothing; its writes were
     * idempotent and the next pass reads from the stored position).
     *
     * @return false when the lease was lost
     */
    public boolean succeeded(long environmentId, String replicaId, IndexState.Position p, Duration interval) {
        Long[] holeIds = p.holes().stream().map(IndexState.Hole::dagRunId).toArray(Long[]::new);
        Long[] holeSeen = p.holes().stream().map(hole -> hole.seenAt().toEpochMilli()).toArray(Long[]::new);
        return jade.withHandle(h -> h.createUpdate("""
                        UPDATE index_environment SET high_dag_run_id = ?, hole_ids = ?, hole_seen_ms = ?,
                               sweep_after_id = ?, next_sweep_at = ?, dags_digest = ?, dags_read_at = ?,
                               next_pass_at = now() + make_interval(secs => ?),
                               last_pass_at = now(), last_success_at = now(), failures = 0, last_error = NULL,
                               lease_owner = NULL, lease_until = NULL
                        WHERE environment_id = ? AND lease_owner = ?""")
                .bind(0, p.highDagRunId()).bind(1, holeIds).bind(2, holeSeen)
                .bindBySqlType(3, p.sweepAfterId(), java.sql.Types.BIGINT)
                .bind(4, utc(p.nextSweepAt())).bindBySqlType(5, p.dagsDigest(), java.sql.Types.VARCHAR)
                .bindBySqlType(6, utc(p.dagsReadAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .bind(7, seconds(interval)).bind(8, environmentId).bind(9, replicaId).execute() == 1);
    }

    /** Gives a claimed environment back untouched (this replica does not know it yet); due again at once. */
    public void release(long environmentId, String replicaId) {
        jade.useHandle(h -> h.createUpdate("""
                        UPDATE index_environment SET lease_owner = NULL, lease_until = NULL
                        WHERE environment_id = ? AND lease_owner = ?""")
                .bind(0, environmentId).bind(1, replicaId).execute());
    }

    /** Ends a failed pass: counts the failure, keeps the position, retries after {@code retryIn}, clears the lease. */
    public void failed(long environmentId, String replicaId, String error, Duration retryIn) {
        jade.useHandle(h -> h.createUpdate("""
                        UPDATE index_environment SET next_pass_at = now() + make_interval(secs => ?),
                               last_pass_at = now(), failures = failures + 1, last_error = ?,
                               lease_owner = NULL, lease_until = NULL
                        WHERE environment_id = ? AND lease_owner = ?""")
                .bind(0, seconds(retryIn)).bind(1, error).bind(2, environmentId).bind(3, replicaId).execute());
    }

    /** Makes these environments due now (a request found them stale). */
    public void wake(Collection<Long> environmentIds) {
        jade.useHandle(h -> h.createUpdate("""
                        UPDATE index_environment SET next_pass_at = now()
                        WHERE environment_id = ANY(?) AND next_pass_at > now()""")
                .bind(0, environmentIds.toArray(new Long[0])).execute());
    }

    /** The states of these environments (absent: not indexed). */
    public Map<Long, IndexState> states(Collection<Long> environmentIds) {
        Map<Long, IndexState> out = new HashMap<>();
        if (environmentIds.isEmpty()) {
            return out;
        }
        jade.useHandle(h -> h.createQuery("SELECT " + STATE_COLUMNS
                        + " FROM index_environment WHERE environment_id = ANY(?)")
                .bind(0, environmentIds.toArray(new Long[0])).map(STATE)
                .forEach(s -> out.put(s.environmentId(), s)));
        return out;
    }

    /** Every indexed environment's state. */
    public List<IndexState> all() {
        return jade.withHandle(h -> h.createQuery("SELECT " + STATE_COLUMNS + " FROM index_environment")
                .map(STATE).list());
    }

    @Nullable
    private static java.time.OffsetDateTime utc(@Nullable Instant t) {
        return t == null ? null : t.atOffset(java.time.ZoneOffset.UTC);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static IndexState read(ResultSet rs) throws SQLException {
        long[] ids = longs(rs.getArray("hole_ids"));
        long[] seen = longs(rs.getArray("hole_seen_ms"));
        List<IndexState.Hole> holes = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            holes.add(new IndexState.Hole(ids[i], Instant.ofEpochMilli(i < seen.length ? seen[i] : 0)));
        }
        long sweep = rs.getLong("sweep_after_id");
        Long sweepAfter = rs.wasNull() ? null : sweep;
        IndexState.Position p = new IndexState.Position(rs.getLong("high_dag_run_id"), holes, sweepAfter,
                instant(rs.getTimestamp("next_sweep_at")), rs.getString("dags_digest"),
                instant(rs.getTimestamp("dags_read_at")));
        return new IndexState(rs.getLong("environment_id"), p, instant(rs.getTimestamp("last_success_at")),
                rs.getInt("failures"), rs.getString("last_error"), rs.getBoolean("running"));
    }

    @Nullable
    private static Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static long[] longs(@Nullable Array array) throws SQLException {
        if (array == null) {
            return new long[0];
        }
        Object[] values = (Object[]) array.getArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).longValue();
        }
        return out;
    }
}
