package com.datacoves.jade.golden;

import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.index.IndexScheduler;
import com.datacoves.jade.demo.ManifestGenerator;
import com.datacoves.jade.support.JadeTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden JSON of every dbt Cloud resource Jade serves: for one known demo object of each, the whole {@code data} of
 * a real HTTP answer is compared, as a JSON tree, with a checked-in file under {@code src/test/resources/golden/}, so
 * that any changed, missing, extra or swapped field (e.g. {@code duration} and {@code queued_duration} of a run,
 * {@code created_at} and {@code updated_at} of a job) fails, naming the JSON pointers that differ.
 *
 * <p><b>Regenerating the files</b> (after an intended change of the wire format; review the diff before committing):
 * <pre>
 * ./mvnw -q -B -o test -Dtest=GoldenJsonTest -Djade.golden.update=true
 * </pre>
 * With {@code jade.golden.update=true} each test writes its file instead of comparing (see docs/testing.md).
 *
 * <p><b>Determinism.</b> The demo data is fixed ({@code TestDatabases.NOW}). What would still vary:
 * <ul>
 *   <li>ids: Jade hands out job and run ids in the order it first indexes them, and by default indexes
 *       environments in parallel; here background indexing is off, one worker, and {@link #prepare()} indexes the
 *       Airflow environments one at a time in id order, so the same rows always get the same ids;</li>
 *   <li>a job's {@code created_at}/{@code updated_at}: Jade stamps them with the time it first indexed the DAG;
 *       {@link #prepare()} pins them in Jade's database to fixed, different instants ({@link #PIN_JOB_TIMESTAMPS});</li>
 *   <li>durations of unfinished runs: only finished runs are shown (the jobs' most recent runs included);</li>
 *   <li>the "… ago" / "in …" texts and the {@code host:port} of {@code href}: replaced by {@link GoldenNormaliser},
 *       which lists them.</li>
 * </ul>
 *
 * <p>Objects: account 1; project 1 (with repository 1); environment 2 prd456 (a deployment environment); job
 * {@code daily_dbt_run} of prd456 (scheduled: cron, next run, schedule trigger on); job {@code weekly_full_refresh} of
 * prd456 (paused: its newest run is finished, so its embedded most recent runs are deterministic); the run
 * {@link #RUN_ID} of {@code daily_dbt_run} in prd456, a successful run whose duration, queued duration and run
 * duration all differ, with a manifest and a run_results.json uploaded as Datacoves does; one step of the failed run
 * {@link #FAILED_RUN_ID} (status Error).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class GoldenJsonTest extends JadeTest {

    /** Environment of the chosen jobs and runs: prd456 (account 1, project 1). */
    static final long ENVIRONMENT = 2;
    /** Airflow run_id of the chosen finished run of daily_dbt_run in prd456. */
    static final String RUN_ID = "scheduled__2026-11-18T12:13:00+00:00";
    /** Airflow run_id of the chosen failed run of daily_dbt_run in prd456 (its steps: success, failed, upstream_failed). */
    static final String FAILED_RUN_ID = "scheduled__2026-11-14T12:13:00+00:00";

    /**
     * Pins every job's {@code created_at} (Jade: first indexed) and {@code updated_at} ({@code indexed_at}: last
     * changed) to fixed instants that differ from each other and from job to job.
     */
    static final String PIN_JOB_TIMESTAMPS = "UPDATE job_index SET "
            + "created_at = TIMESTAMPTZ '2024-06-01 08:00:00+00' + id * INTERVAL '1 minute', "
            + "indexed_at = TIMESTAMPTZ '2024-07-02 09:30:00.123456+00' + id * INTERVAL '1 second'";

    @Inject
    IndexScheduler index;

    @Inject
    EnvironmentRepository environments;

    private long runId;
    private long failedRunId;
    private long dailyJob;
    private long weeklyJob;

    @Override
    protected Map<String, String> extraProperties() {
        // passes only when asked, one at a time, and waited for: ids are handed out in a fixed order
        return Map.of("jade.index.background", "false", "jade.index.workers", "1",
                "jade.index.request-timeout", "60s");
    }

    /** Indexes the demo environments in id order, pins the jobs' timestamps, finds the chosen rows, uploads artifacts. */
    @BeforeAll
    void prepare() throws Exception {
        for (EnvironmentRow env : environments.findAll()) {
            assertEquals(List.of(), index.awaitFresh(List.of(env)), "indexing " + env.slug());
        }
        execute("jade", PIN_JOB_TIMESTAMPS);
        dailyJob = id("SELECT id FROM job_index WHERE environment_id = ? AND dag_id = ?", "daily_dbt_run");
        weeklyJob = id("SELECT id FROM job_index WHERE environment_id = ? AND dag_id = ?", "weekly_full_refresh");
        String run = "SELECT id FROM run_index WHERE environment_id = ? AND dag_id = 'daily_dbt_run' AND run_id = ?";
        runId = id(run, RUN_ID);
        failedRunId = id(run, FAILED_RUN_ID);
        ByteArrayOutputStream manifest = new ByteArrayOutputStream();
        new ManifestGenerator(7).write(5, manifest);
        post("/api/internal/manifests", MultipartBody.builder().addPart("environment_slug", "prd456")
                .addPart("dag_id", "daily_dbt_run").addPart("run_id", RUN_ID)
                .addPart("file", "manifest.json", MediaType.APPLICATION_JSON_TYPE, manifest.toByteArray()).build());
        post("/api/internal/environments/prd456/files", MultipartBody.builder()
                .addPart("files[0][tag]", RUN_ID + "-run_results")
                .addPart("files[0][file]", "run_results.json", MediaType.APPLICATION_JSON_TYPE,
                        "{\"results\": []}".getBytes(StandardCharsets.UTF_8)).build());
    }

    private long id(String sql, String key) throws SQLException {
        try (Connection c = database("jade"); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, ENVIRONMENT);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), sql + " " + key);
                return rs.getLong(1);
            }
        }
    }

    private void post(String path, MultipartBody body) {
        assertEquals(201, http.toBlocking().exchange(HttpRequest.POST(path, body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(keyFor(1))).code(), path);
    }

    /** Account 1 (Acme Analytics). */
    @Test
    void account() {
        golden("account", data("/api/v2/accounts/1/"));
    }

    /** Project 1 through v2 and v3 (same answer, two files: a route may drift), and with its repository. */
    @Test
    void project() {
        golden("project-v2", data("/api/v2/accounts/1/projects/1/"));
        golden("project-v3", data("/api/v3/accounts/1/projects/1/"));
        golden("project-v2-include-repository", data("/api/v2/accounts/1/projects/1/?include_related=repository"));
    }

    /** Environment 2 (prd456) through v2 and v3, and with its project and repository. */
    @Test
    void environment() {
        golden("environment-v2", data("/api/v2/accounts/1/environments/2/"));
        golden("environment-v3", data("/api/v3/accounts/1/projects/1/environments/2/"));
        golden("environment-v2-include-project-repository",
                data("/api/v2/accounts/1/environments/2/?include_related=project,repository"));
    }

    /** The scheduled job daily_dbt_run of prd456. */
    @Test
    void job() {
        golden("job", data("/api/v2/accounts/1/jobs/" + dailyJob + "/"));
    }

    /** The paused job weekly_full_refresh of prd456 with its environment and (finished) most recent runs. */
    @Test
    void jobWithRelated() {
        JsonNode job = data("/api/v2/accounts/1/jobs/" + weeklyJob
                + "/?include_related=environment,most_recent_run,most_recent_completed_run");
        assertTrue(job.path("most_recent_run").path("is_complete").asBoolean(),
                "the embedded most recent run must be finished, else its durations run to now");
        golden("job-include-environment-most-recent-runs", job);
    }

    /** The chosen run, plain; its three durations differ, so swapping any two of them fails. */
    @Test
    void run() {
        JsonNode run = data("/api/v2/accounts/1/runs/" + runId + "/");
        assertTrue(run.path("is_complete").asBoolean(), "a finished run");
        List<String> durations = List.of(run.path("duration").asText(), run.path("queued_duration").asText(),
                run.path("run_duration").asText());
        assertEquals(3, durations.stream().distinct().count(), "durations must differ: " + durations);
        golden("run", run);
    }

    /** The chosen run with each related object in turn: trigger, job, environment, run steps. */
    @Test
    void runWithRelated() {
        String run = "/api/v2/accounts/1/runs/" + runId + "/?include_related=";
        golden("run-include-trigger", data(run + "trigger"));
        golden("run-include-job", data(run + "job"));
        golden("run-include-environment", data(run + "environment"));
        golden("run-include-run-steps", data(run + "run_steps"));
    }

    /** The failed step (dbt_build, status Error) of the failed run. */
    @Test
    void runStep() {
        JsonNode steps = data("/api/v2/accounts/1/runs/" + failedRunId + "/?include_related=run_steps").path("run_steps");
        assertEquals(3, steps.size(), steps.toString());
        golden("run-step", steps.get(1));
    }

    /** The artifact list of the chosen run (a manifest and a run_results.json uploaded as Datacoves does). */
    @Test
    void runArtifacts() {
        golden("run-artifacts", data("/api/v2/accounts/1/runs/" + runId + "/artifacts/"));
    }

    /** A filtered, offset page of the job list: status and extra (filters, order_by, pagination) and the page's ids. */
    @Test
    void jobListEnvelope() {
        golden("job-list-envelope", envelope("/api/v2/accounts/1/jobs/?environment_id=2&state=all&order_by=-id"
                + "&limit=2&offset=1"));
    }

    /** A filtered, offset page of the run list: status and extra (filters, order_by, pagination) and the page's ids. */
    @Test
    void runListEnvelope() {
        golden("run-list-envelope", envelope("/api/v2/accounts/1/runs/?job_definition_id=" + dailyJob
                + "&status__in=10,20&order_by=-finished_at&limit=5&offset=5"));
    }

    private void golden(String name, JsonNode data) {
        GoldenFiles.check(name, GoldenNormaliser.normalise(data));
    }

    /** The answer's {@code data}, checked to be a successful envelope. */
    private JsonNode data(String path) {
        JsonNode body = get(path);
        assertTrue(body.path("status").path("is_success").asBoolean(), path + ": " + body.path("status"));
        assertTrue(body.has("data"), path);
        return body.get("data");
    }

    /** The whole list answer with {@code data} replaced by the ids of its items (the items have their own files). */
    private JsonNode envelope(String path) {
        ObjectNode body = (ObjectNode) get(path);
        ArrayNode ids = body.arrayNode();
        body.get("data").forEach(item -> ids.add(item.get("id")));
        assertTrue(ids.size() > 0, path);
        body.set("data", ids);
        return body;
    }

    private JsonNode get(String path) {
        String body = http.toBlocking().retrieve(HttpRequest.GET(path).header("Authorization", tokenHeader(1)),
                String.class);
        return GoldenFiles.parse(body);
    }
}
