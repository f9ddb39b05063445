package com.datacoves.jade.airflow;

import jakarta.inject.Singleton;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Reads Airflow's {@code task_instance} table (read-only), always by {@code (dag_id, run_id)}: Airflow's index
 * {@code ti_dag_run}.
 */
@Singleton
public class TaskInstanceRepository {

    /**
     * The tasks of DAG run {@code (dagId, airflowRunId)} in the order they ran: start_date (not started last), then
     * task_id. A mapped task (several {@code map_index}) counts once, by its lowest map index.
     */
    public List<TaskInstanceRow> ofRun(AirflowDatabase db, String dagId, String airflowRunId) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT task_id, state, start_date, end_date FROM (
                          SELECT DISTINCT ON (task_id) task_id, state, start_date, end_date FROM task_instance
                          WHERE dag_id = ? AND run_id = ? ORDER BY task_id, map_index) t
                        ORDER BY start_date NULLS LAST, task_id""")
                .bind(0, dagId).bind(1, airflowRunId)
                .map((rs, ctx) -> new TaskInstanceRow(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class), rs.getObject(4, OffsetDateTime.class)))
                .list());
    }
}
