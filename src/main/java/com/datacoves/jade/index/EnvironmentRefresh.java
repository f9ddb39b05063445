package com.datacoves.jade.index;

import com.datacoves.jade.environments.EnvironmentRow;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One refresh pass of one environment's part of the index (see {@link IndexRefresher} for scheduling).
 *
 * <p>Steps: (1) DAGs → {@code job_index}; (2) DAG runs with {@code id > last_dag_run_id}, batch after batch;
 * (3) DAG runs with {@code updated_at >= last_updated_at} (catches clears and reruns of finished runs; Airflow ≥ 2.6);
 * (4) DAG runs the index has as unfinished, by id (catches state changes where {@code updated_at} is missing);
 * then (5) the watermark, when it moved. A pass that finds nothing new writes nothing. Deleted DAG runs stay in the index (ids are never reused).
 */
@Singleton
public class EnvironmentRefresh {

    private static final int MAX_BATCHES_PER_PASS = 50;

    private final AirflowReader airflow;
    private final IndexStore store;

    public EnvironmentRefresh(AirflowReader airflow, IndexStore store) {
        this.airflow = airflow;
        this.store = store;
    }

    /**
     * Runs one pass.
     *
     * @throws SQLException when Airflow or Jade's database fails (the watermark is then not moved)
     */
    public void run(EnvironmentRow env, DataSource pool) throws SQLException {
        store.upsertDags(env, airflow.dags(pool));
        IndexStore.Watermark w = store.watermark(env.id());
        long lastId = w.lastDagRunId();
        OffsetDateTime lastUpdated = w.lastUpdatedAt();
        for (int i = 0; i < MAX_BATCHES_PER_PASS; i++) {
            List<DagRunRecord> fresh = airflow.runsAfter(pool, lastId);
            store.upsertRuns(env, fresh);
            for (DagRunRecord r : fresh) {
                lastId = Math.max(lastId, r.dagRunId());
                lastUpdated = later(lastUpdated, r.updatedAt());
            }
            if (fresh.size() < AirflowReader.BATCH) {
                break;
            }
        }
        Map<Long, DagRunRecord> changed = new LinkedHashMap<>();
        if (w.lastUpdatedAt() != null) {
            airflow.runsChangedSince(pool, w.lastUpdatedAt()).forEach(r -> changed.put(r.dagRunId(), r));
        }
        airflow.runsById(pool, store.unfinishedDagRunIds(env.id())).forEach(r -> changed.put(r.dagRunId(), r));
        store.upsertRuns(env, changed.values());
        for (DagRunRecord r : changed.values()) {
            lastUpdated = later(lastUpdated, r.updatedAt());
        }
        IndexStore.Watermark moved = new IndexStore.Watermark(lastId, lastUpdated);
        if (!moved.equals(w)) {
            store.saveWatermark(env.id(), moved);
        }
    }

    private static OffsetDateTime later(OffsetDateTime a, OffsetDateTime b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isAfter(a) ? a : b;
    }
}
