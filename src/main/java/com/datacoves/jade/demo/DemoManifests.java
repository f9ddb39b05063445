package com.datacoves.jade.demo;

import com.datacoves.jade.airflow.AirflowDatabase;
import com.datacoves.jade.airflow.AirflowDatabases;
import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.manifests.ManifestService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.multipart.MultipartBody;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Gives the latest successful runs of each demo environment's {@code daily_dbt_run} DAG the artifacts of a
 * {@code dbt build}, {@code dbt docs generate} and {@code dbt source freshness}, uploaded through Jade's own Datacoves
 * routes exactly as Datacoves' Airflow tasks do: the manifest (multipart {@code environment_slug}, {@code dag_id},
 * {@code run_id}, {@code file}) and {@code run_results.json}, {@code catalog.json} and {@code sources.json} as
 * environment files tagged {@code <run_id>-run_results}, {@code -catalog} and {@code -sources}. The project is the
 * one {@link ManifestGenerator} makes (the same on every machine); the other artifacts are made for it by
 * {@link DemoArtifacts}, dated when the DAG run ended: older runs pass, the newest has a bad day
 * ({@link DemoArtifacts.Outcome#SOME_FAIL}), so the Discovery API and the data health tile have failures to show.
 * The older runs built an earlier version of the project ({@link #writeEarlierVersion}), so that dbt's
 * {@code state:modified} selector has the newest run's changes to show. Runs are uploaded oldest first, as they
 * happened. Runs once: environments that already hold manifests are left alone.
 */
final class DemoManifests {

    private static final int RUNS_PER_ENVIRONMENT = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoManifests() {
    }

    /**
     * @param context the running demo's context
     * @param port    its HTTP port
     * @param key     an API key of account 1
     * @param dir     the demo folder (the generated files are written there)
     * @return how many manifests were uploaded
     */
    static int upload(ApplicationContext context, int port, String key, Path dir) throws IOException, SQLException {
        ManifestService manifests = context.getBean(ManifestService.class);
        AirflowDatabases airflow = context.getBean(AirflowDatabases.class);
        List<EnvironmentRow> environments = new ArrayList<>(context.getBean(EnvironmentRepository.class).findByAccount(1));
        environments.removeIf(e -> !e.airflowEnabled() || !manifests.list(e.id()).isEmpty());
        if (environments.isEmpty()) {
            return 0;
        }
        File manifest = dir.resolve("demo-manifest.json").toFile();
        if (!manifest.exists()) {
            try (OutputStream out = Files.newOutputStream(manifest.toPath())) {
                new ManifestGenerator(42).write(60, out);
            }
        }
        File earlier = dir.resolve("demo-manifest-earlier.json").toFile();
        if (!earlier.exists()) {
            writeEarlierVersion(manifest, earlier);
        }
        int uploaded = 0;
        try (HttpClient http = HttpClient.create(new URL("http://127.0.0.1:" + port))) {
            for (EnvironmentRow env : environments) {
                AirflowDatabase db = airflow.forEnvironment(env).orElse(null);
                if (db == null) {
                    continue;
                }
                List<DagRun> runs = latestSuccessfulRuns(db);
                List<DagRun> oldestFirst = new ArrayList<>(runs);
                Collections.reverse(oldestFirst);
                for (DagRun run : oldestFirst) {
                    boolean newest = run == runs.get(0);
                    File built = newest ? manifest : earlier;
                    Map<String, File> artifacts = DemoArtifacts.write(built, dir, run.endedAt(),
                            newest ? DemoArtifacts.Outcome.SOME_FAIL : DemoArtifacts.Outcome.ALL_PASS);
                    MultipartBody body = MultipartBody.builder().addPart("environment_slug", env.slug())
                            .addPart("dag_id", run.dagId()).addPart("run_id", run.airflowRunId())
                            .addPart("file", "manifest.json", MediaType.APPLICATION_JSON_TYPE, built).build();
                    http.toBlocking().exchange(HttpRequest.POST("/api/internal/manifests", body)
                            .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(key));
                    MultipartBody.Builder files = MultipartBody.builder();
                    int i = 0;
                    for (String stem : List.of("run_results", "catalog", "sources")) {
                        files.addPart("files[" + i + "][tag]", run.airflowRunId() + "-" + stem)
                                .addPart("files[" + i + "][file]", stem + ".json", MediaType.APPLICATION_JSON_TYPE,
                                        artifacts.get(stem));
                        i++;
                    }
                    http.toBlocking().exchange(HttpRequest.POST("/api/internal/environments/" + env.slug() + "/files",
                            files.build()).contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(key));
                    uploaded++;
                }
            }
        }
        return uploaded;
    }

    /** Another dbt invocation's id, for the earlier version of the project. */
    static final String EARLIER_INVOCATION_ID = "00000000-0000-4000-8000-0000000000e1";

    /**
     * Writes the project as the older demo runs built it: the same manifest from another dbt invocation, in which the
     * first model's SQL lacked its last line and the second model was a view (a table, if it is a view now), set in
     * its config and unrendered config. Against it, the newest run's
     * manifest has those two models modified ({@code state:modified.body} and {@code state:modified.configs}).
     */
    static void writeEarlierVersion(File manifest, File out) throws IOException {
        ObjectNode m = (ObjectNode) JSON.readTree(manifest);
        ((ObjectNode) m.get("metadata")).put("invocation_id", EARLIER_INVOCATION_ID);
        List<ObjectNode> models = new ArrayList<>();
        m.path("nodes").forEach(n -> {
            if (n.path("resource_type").asText().equals("model") && models.size() < 2) {
                models.add((ObjectNode) n);
            }
        });
        String code = models.get(0).path("raw_code").asText();
        models.get(0).put("raw_code", code.contains("\n") ? code.substring(0, code.lastIndexOf('\n')) : code + "\n");
        String was = models.get(1).path("config").path("materialized").asText().equals("view") ? "table" : "view";
        for (String config : List.of("config", "unrendered_config")) {
            if (models.get(1).get(config) instanceof ObjectNode c) {
                c.put("materialized", was);
            }
        }
        JSON.writeValue(out, m);
    }

    /** A DAG run that gets artifacts: its DAG, Airflow {@code run_id} and end (UTC). */
    private record DagRun(String dagId, String airflowRunId, Instant endedAt) {
    }

    /** The environment's latest successful runs of {@code daily_dbt_run}, newest first. */
    private static List<DagRun> latestSuccessfulRuns(AirflowDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT dag_id, run_id, end_date FROM dag_run"
                        + " WHERE dag_id = 'daily_dbt_run' AND state = 'success' AND end_date IS NOT NULL"
                        + " ORDER BY id DESC LIMIT " + RUNS_PER_ENVIRONMENT)
                .map((rs, ctx) -> new DagRun(rs.getString(1), rs.getString(2),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant()))
                .list());
    }
}
