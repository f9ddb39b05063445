package com.datacoves.jade.runs;

import com.datacoves.jade.support.ApiTest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Base of the run-control tests: the server with dev123's Airflow REST API on an {@link AirflowApiStub} and
 * prd456's on a closed port, a key with {@code allow_trigger}, raw HTTP helpers (exact bodies, as the clients send
 * them) and SQL on the demo Airflow databases (playing the Airflow scheduler).
 */
abstract class RunControlTestBase extends ApiTest {

    static final String ACCOUNT = "/api/v2/accounts/1";

    final AirflowApiStub stub = new AirflowApiStub(airflow());
    final HttpClient raw = HttpClient.newHttpClient();

    @Inject
    ApplicationContext context;
    @Inject
    EmbeddedServer server;

    private String triggerKey;

    @Override
    protected Map<String, String> extraProperties() {
        return new HashMap<>(stub.properties());
    }

    @AfterAll
    void stopStub() {
        stub.close();
    }

    /** A key of account 1 with allow_trigger. */
    String triggerKey() {
        if (triggerKey == null) {
            triggerKey = tokenService.create(1, "trigger", true).token();
        }
        return triggerKey;
    }

    /** A raw request; {@code contentType} null sends none. */
    HttpResponse<String> send(String method, String path, String key, String contentType, String body)
            throws Exception {
        String url = path.startsWith("http") ? path : server.getURL() + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Token " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return raw.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST JSON with the trigger key; asserts {@code status} and returns the parsed body. */
    Map<String, Object> postJson(String path, String body, int status) throws Exception {
        HttpResponse<String> r = send("POST", path, triggerKey(), body == null ? null : "application/json", body);
        assertEquals(status, r.statusCode(), r.body());
        return parse(r.body());
    }

    /** GET with the trigger key; the parsed 200 body. */
    Map<String, Object> getWithTriggerKey(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, triggerKey(), null, null);
        assertEquals(200, r.statusCode(), r.body());
        return parse(r.body());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> parse(String json) throws Exception {
        return context.getBean(io.micronaut.json.JsonMapper.class).readValue(json, Map.class);
    }

    /** The dbt Cloud job id of a DAG of environment {@code environmentId}. */
    long jobId(long environmentId, String dagId) {
        return data(get(ACCOUNT + "/jobs?environment_id=" + environmentId + "&limit=100&state=all")).stream()
                .filter(j -> dagId.equals(j.get("dag_id"))).map(j -> num(j, "id")).findFirst().orElseThrow();
    }

    /** Runs SQL on the demo Airflow database of dev123 with optional string parameters. */
    void airflowSql(String sql, String... params) throws Exception {
        try (Connection c = database("airflow_dev123"); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            ps.execute();
        }
    }

    /** What Airflow does on a trigger: a queued manual DAG run with that run_id. */
    void airflowCreates(String dagId, String runId) throws Exception {
        insertManualDagRun("airflow_dev123", dagId, runId, "queued");
    }

    /** Moves the DAG run to {@code state} (running sets start_date, terminal states end_date). */
    void airflowMoves(String runId, String state) throws Exception {
        String dates = state.equals("running") ? ", start_date = now()"
                : state.equals("queued") ? "" : ", start_date = COALESCE(start_date, now()), end_date = now()";
        airflowSql("UPDATE dag_run SET state = ?, updated_at = now()" + dates + " WHERE run_id = ?", state, runId);
    }

    /** The dag_run_id Jade sent in the latest trigger the stub received. */
    @SuppressWarnings("unchecked")
    Map<String, Object> lastTriggerBody() throws Exception {
        var all = stub.received("POST", stub.api() + "/dags/[^/]+/dagRuns");
        return parse(all.get(all.size() - 1).getBodyAsString());
    }

    /** Polls the run list until the index has linked the run to Airflow's dag_run.id (at most 10 s). */
    Object linkedDagRunId(long id) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Object dagRunId = null;
        while (dagRunId == null && System.nanoTime() < deadline) {
            dagRunId = data(get(ACCOUNT + "/runs?pk=" + id)).get(0).get("dag_run_id");
            if (dagRunId == null) {
                Thread.sleep(200);
            }
        }
        return dagRunId;
    }

    /** Polls {@code runs/{id}} until the run has {@code status} (at most 10 s); returns the last status seen. */
    long runStatus(long id, long status) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = num(object(get(ACCOUNT + "/runs/" + id)), "status");
            if (seen == status) {
                return seen;
            }
            Thread.sleep(200);
        }
        return seen;
    }

    /** Polls the run list (index) until the run shows {@code status}, at most 10 s; returns the last status seen. */
    long listedStatus(long id, long status) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long seen = -1;
        while (System.nanoTime() < deadline) {
            var rows = data(get(ACCOUNT + "/runs?pk=" + id));
            seen = rows.isEmpty() ? -1 : num(rows.get(0), "status");
            if (seen == status) {
                return seen;
            }
            Thread.sleep(200);
        }
        return seen;
    }
}
