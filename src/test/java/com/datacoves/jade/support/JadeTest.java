package com.datacoves.jade.support;

import com.datacoves.jade.auth.TokenService;
import com.datacoves.jade.demo.DemoAirflow;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Base of HTTP tests: the running server on fresh demo databases (see {@link TestDatabases}) and a real HTTP client.
 * Subclasses are annotated {@code @MicronautTest(transactional = false)} and
 * {@code @TestInstance(TestInstance.Lifecycle.PER_CLASS)}; they may override {@link #extraProperties()}.
 *
 * <p>Demo data: account 1 (projects 1, 2; environments 1 dev123, 2 prd456 with Airflow, 3 tst789 without), account 2
 * (project 3; environment 4 glx001 with Airflow). {@link #keyFor(long)} mints a real API key.
 */
public abstract class JadeTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    protected HttpClient http;

    @Inject
    protected TokenService tokenService;

    private final Map<Long, String> keys = new HashMap<>();
    /** The name prefix of this test class's copies of the demo databases. */
    protected String databasePrefix;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>();
        TestDatabases.fresh(airflow()).forEach((k, v) -> p.put(k, String.valueOf(v)));
        databasePrefix = p.get("jade.test.database-prefix");
        p.put("micronaut.server.port", "-1"); // a free port: tests must not collide with a running demo
        p.putAll(extraProperties());
        return p;
    }

    /**
     * The table shapes of this test class's Airflow databases: Airflow 2.10 unless a subclass runs its tests again on
     * Airflow 3.0's.
     */
    protected DemoAirflow airflow() {
        return DemoAirflow.V2_10;
    }

    /** Properties to add or override for this test class. */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    /** A live API key of the account (minted once per test class). */
    protected String keyFor(long accountId) {
        return keys.computeIfAbsent(accountId, a -> tokenService.create(a, "test").token());
    }

    /**
     * A connection to this test class's copy of a demo database: {@code jade}, {@code datacoves},
     * {@code airflow_dev123}, {@code airflow_prd456} or {@code airflow_glx001}. The caller closes it.
     */
    protected Connection database(String name) throws SQLException {
        return TestDatabases.server().connect(databasePrefix + name);
    }

    /** Runs SQL statements, each committed, on this test class's copy of a demo database (see {@link #database}). */
    protected void execute(String database, String... statements) throws SQLException {
        try (Connection c = database(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /**
     * Inserts a manual DAG run, queued now, the way Airflow's REST API creates one in this class's table shapes
     * ({@link #airflow()}): on Airflow 2.10 with {@code execution_date} and {@code external_trigger}, on Airflow 3.0
     * without a logical date, with {@code run_after} and {@code triggered_by = 'rest_api'}.
     *
     * @param database an Airflow database of {@link #database}, e.g. {@code airflow_dev123}
     */
    protected void insertManualDagRun(String database, String dagId, String runId, String state) throws SQLException {
        String sql = airflow() == DemoAirflow.V3_0
                ? "INSERT INTO dag_run (dag_id, queued_at, logical_date, state, run_id, triggered_by, run_type, "
                + "run_after, updated_at) VALUES (?, now(), NULL, ?, ?, 'rest_api', 'manual', now(), now())"
                : "INSERT INTO dag_run (dag_id, queued_at, execution_date, state, run_id, external_trigger, run_type, "
                + "updated_at) VALUES (?, now(), now(), ?, ?, true, 'manual', now())";
        try (Connection c = database(database); var ps = c.prepareStatement(sql)) {
            ps.setString(1, dagId);
            ps.setString(2, state);
            ps.setString(3, runId);
            ps.executeUpdate();
        }
    }

    /**
     * Sends the request with the test server's client and returns the answer whatever its status (a 4xx or 5xx is
     * returned, not thrown), with the body as bytes.
     */
    protected HttpResponse<byte[]> exchange(MutableHttpRequest<?> request) {
        try {
            return http.toBlocking().exchange(request, byte[].class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<byte[]> r = (HttpResponse<byte[]>) e.getResponse();
            return r;
        }
    }

    /** {@code Token <key>} header value for the account. */
    protected String tokenHeader(long accountId) {
        return "Token " + keyFor(accountId);
    }
}
