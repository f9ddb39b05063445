package com.datacoves.jade.manifests;

import com.datacoves.jade.airflow.AirflowDatabases;
import com.datacoves.jade.environments.EnvironmentRow;
import com.datacoves.jade.http.ApiException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds DAG runs in an environment's Airflow database (table {@code dag_run}), read-only. */
@Singleton
public class DagRunLookup {

    /**
     * A DAG run.
     *
     * @param id    Airflow's {@code dag_run.id}
     * @param dagId the DAG id
     * @param runId the run id, e.g. {@code manual__2024-01-01T00:00:00+00:00}
     */
    public record DagRun(long id, String dagId, String runId) {
    }

    private final AirflowDatabases airflow;

    public DagRunLookup(AirflowDatabases airflow) {
        this.airflow = airflow;
    }

    /**
     * The run {@code (dagId, runId)} of the environment.
     *
     * @throws ApiException 404 {@code Airflow Repo for Environment <slug> not found.} when Jade has no Airflow DB for
     *                      it (Jade's text); 503 when the Airflow DB cannot be queried
     */
    public Optional<DagRun> find(EnvironmentRow environment, String dagId, String runId) {
        List<DagRun> runs = query(database(environment), environment,
                "SELECT id, dag_id, run_id FROM dag_run WHERE dag_id = ? AND run_id = ?", dagId, runId);
        return runs.stream().findFirst();
    }

    /**
     * The run of the environment with that run id when exactly one DAG has it (dbt-coves sends only run_id).
     *
     * @return empty when none, several, or no Airflow DB
     * @throws ApiException 503 when the Airflow DB cannot be queried
     */
    public Optional<DagRun> findUnique(EnvironmentRow environment, String runId) {
        Optional<DataSource> db = airflow.forEnvironment(environment);
        if (db.isEmpty()) {
            return Optional.empty();
        }
        List<DagRun> runs = query(db.get(), environment,
                "SELECT id, dag_id, run_id FROM dag_run WHERE run_id = ? ORDER BY id LIMIT 2", runId);
        return runs.size() == 1 ? Optional.of(runs.get(0)) : Optional.empty();
    }

    private DataSource database(EnvironmentRow environment) {
        return airflow.forEnvironment(environment).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                "Airflow Repo for Environment " + environment.slug() + " not found."));
    }

    private static List<DagRun> query(DataSource db, EnvironmentRow environment, String sql, String... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            List<DagRun> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new DagRun(r.getLong(1), r.getString(2), r.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                    "Airflow database of environment " + environment.slug() + " is unavailable.");
        }
    }
}
