package com.datacoves.jade.airflow;

import jakarta.inject.Singleton;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Reads Airflow's {@code task_instance} table (read-only), always by {@code (dag_id, run_id)}: Airflow's index
 * {@code ti_dag_run}; with each task its rendered template fields ({@code rendered_task_instance_fields}, by its
 * primary key), of which only the fields that carry a command are read.
 */
@Singleton
public class TaskInstanceRepository {

    /**
     * The text of the rendered fields that can carry a command ({@code bash_command}, {@code command},
     * {@code dbt_command}, a pod's {@code cmds} and {@code arguments} joined by spaces), one per line, at most
     * {@link DbtCommands#MAX_TEXT} characters.
     */
    private static final String COMMAND_TEXT = """
            left(concat_ws(chr(10), f.rendered_fields->>'bash_command', f.rendered_fields->>'command',
                   f.rendered_fields->>'dbt_command',
                   concat_ws(' ', (SELECT string_agg(x, ' ') FROM json_array_elements_text(
                      CASE WHEN json_typeof(f.rendered_fields->'cmds') = 'array' THEN f.rendered_fields->'cmds' END) x),
                   (SELECT string_agg(x, ' ') FROM json_array_elements_text(
                      CASE WHEN json_typeof(f.rendered_fields->'arguments') = 'array'
                           THEN f.rendered_fields->'arguments' END) x))), %d)""".formatted(DbtCommands.MAX_TEXT);

    /**
     * The tasks of DAG run {@code (dagId, airflowRunId)} in the order they ran: start_date (not started last), then
     * task_id. A mapped task (several {@code map_index}) counts once, by its lowest map index. Each carries the dbt
     * commands found in its rendered fields (Airflow writes them when the task starts).
     */
    public List<TaskInstanceRow> ofRun(AirflowDatabase db, String dagId, String airflowRunId) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT t.task_id, t.state, t.start_date, t.end_date, %s FROM (
                          SELECT DISTINCT ON (task_id) task_id, map_index, state, start_date, end_date
                          FROM task_instance
                          WHERE dag_id = ? AND run_id = ? ORDER BY task_id, map_index) t
                        LEFT JOIN rendered_task_instance_fields f ON f.dag_id = ? AND f.run_id = ?
                          AND f.task_id = t.task_id AND f.map_index = t.map_index
                        ORDER BY t.start_date NULLS LAST, t.task_id""".formatted(COMMAND_TEXT))
                .bind(0, dagId).bind(1, airflowRunId).bind(2, dagId).bind(3, airflowRunId)
                .map((rs, ctx) -> new TaskInstanceRow(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class), rs.getObject(4, OffsetDateTime.class),
                        DbtCommands.in(rs.getString(5))))
                .list());
    }
}
