package com.datacoves.jade.airflow;

import com.datacoves.jade.support.TestDatabases;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;


import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every query Jade sends to an Airflow database stays cheap at 200,000 DAG runs: on Airflow 2.10's and 3.0's real
 * table shapes and indexes (no index on {@code updated_at} or on {@code run_id} alone), the plans use primary-key
 * ranges, Airflow's unique key, the partial indexes on queued and running runs, or {@code ti_dag_run} — never a scan
 * of {@code dag_run} or {@code task_instance}. The plans are printed (docs/index.md quotes them).
 */
class AirflowQueryPlanTest {

    private static final int RUNS = 200_000;

    @Test
    void airflow2QueriesUseIndexesAt200kRuns() throws Exception {
        check("/demo/airflow-2.10.sql", false);
    }

    @Test
    void airflow3QueriesUseIndexesAt200kRuns() throws Exception {
        check("/demo/airflow-3.0.sql", true);
    }

    private void check(String schema, boolean airflow3) throws Exception {
        String db = "plans_" + ProcessHandle.current().pid() + (airflow3 ? "_3" : "_2");
        TestDatabases.server().dropDatabase(db);
        TestDatabases.server().createDatabase(db);
        try (Connection c = TestDatabases.server().connect(db)) {
            fill(c, schema, airflow3);
            AirflowSchema s = AirflowSchema.detect(c);
            long high = RUNS - 50;
            DagRunRepository.ChangeRequest q = new DagRunRepository.ChangeRequest(high, 2000,
                    List.of(12L, 150_000L, 199_990L), 1000, high - 2000,
                    OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), 120_000L, 2000);
            DagRunRepository.Statement pass = DagRunRepository.changeStatement(s, q);
            String plan = explain(c, pass.sql(), pass.args());
            System.out.println("Airflow " + (airflow3 ? 3 : 2) + ", " + RUNS + " DAG runs — a refresh pass:\n" + plan);
            assertFalse(plan.contains("Seq Scan on dag_run"), plan);
            assertTrue(plan.contains("idx_dag_run_queued_dags") && plan.contains("idx_dag_run_running_dags"), plan);

            String find = explain(c, "SELECT * FROM dag_run r WHERE r.dag_id = ? AND r.run_id = ?",
                    List.of("dag_07", "scheduled__run_100000"));
            assertFalse(find.contains("Seq Scan"), find);
            String tasks = explain(c, """
                    SELECT task_id, state, start_date, end_date FROM (
                      SELECT DISTINCT ON (task_id) task_id, state, start_date, end_date FROM task_instance
                      WHERE dag_id = ? AND run_id = ? ORDER BY task_id, map_index) t
                    ORDER BY start_date NULLS LAST, task_id""", List.of("dag_07", "scheduled__run_199987"));
            System.out.println("a DAG run by Airflow's key:\n" + find + "\nits task instances:\n" + tasks);
            assertFalse(tasks.contains("Seq Scan on task_instance"), tasks);
        } finally {
            TestDatabases.server().dropDatabase(db);
        }
    }

    private static void fill(Connection c, String schema, boolean airflow3) throws Exception {
        try (InputStream in = AirflowQueryPlanTest.class.getResourceAsStream(schema); Statement s = c.createStatement()) {
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            String logical = airflow3 ? "logical_date" : "execution_date";
            String extra = airflow3 ? ", run_after, triggered_by" : ", external_trigger";
            String extraValues = airflow3 ? ", t, 'timetable'" : ", false";
            // 20 DAGs; finished runs but for a few queued and running at the top, as a long-lived Airflow has them
            s.execute("INSERT INTO dag_run (dag_id, queued_at, " + logical + ", start_date, end_date, state, run_id, "
                    + "run_type, updated_at" + extra + ") "
                    + "SELECT 'dag_' || lpad((i % 20)::text, 2, '0'), t, t, t, t + interval '5 minutes', "
                    + "CASE WHEN i > " + (RUNS - 3) + " THEN 'running' WHEN i > " + (RUNS - 6) + " THEN 'queued' "
                    + "WHEN i % 9 = 0 THEN 'failed' ELSE 'success' END, 'scheduled__run_' || i, 'scheduled', "
                    + "t + interval '5 minutes'" + extraValues + " "
                    + "FROM generate_series(1, " + RUNS + ") i, "
                    + "LATERAL (SELECT timestamptz '2024-01-01' + i * interval '5 minutes' AS t) x");
            String tiKey = airflow3 ? "id, " : "";
            String tiKeyValue = airflow3 ? "gen_random_uuid(), " : "";
            s.execute("INSERT INTO task_instance (" + tiKey + "task_id, dag_id, run_id, map_index, state, pool, "
                    + "pool_slots) SELECT " + tiKeyValue + "'task_' || k, r.dag_id, r.run_id, -1, 'success', "
                    + "'default_pool', 1 FROM dag_run r, generate_series(1, 4) k WHERE r.id > " + (RUNS - 20000));
            s.execute("ANALYZE");
        }
    }

    private static String explain(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql)) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Long[] ids) {
                    ps.setArray(i + 1, c.createArrayOf("bigint", ids));
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
            return out.toString();
        }
    }

}
