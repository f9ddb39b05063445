package com.datacoves.jade.demo;

import com.datacoves.jade.airflow.AirflowDatabase;
import com.datacoves.jade.airflow.AirflowDatabases;
import com.datacoves.jade.config.JadeVariable;
import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.manifests.ManifestService;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a few successful demo DAG runs the artifacts of a {@code dbt build} plus {@code dbt docs generate}, uploaded
 * through Jade's own Datacoves routes exactly as Datacoves' Airflow tasks do: the manifest (multipart
 * {@code environment_slug}, {@code dag_id}, {@code run_id}, {@code file}) and {@code run_results.json} and
 * {@code catalog.json} as environment files tagged {@code <run_id>-run_results} and {@code <run_id>-catalog}. The
 * artifacts are the real jaffle_shop ones from {@code ../shared/data/dbt-artifacts} when that folder is present (or
 * {@code JADE_ARTIFACTS_DIR}), else a manifest made by {@link ManifestGenerator} and results and catalog made for it
 * by {@link DemoArtifacts}. Runs once: environments that already hold manifests are left alone.
 */
final class DemoManifests {

    private static final String JAFFLE_SHOP = "IchikawaAtsushi__jaffle_shop__";
    private static final int RUNS_PER_ENVIRONMENT = 3;

    private DemoManifests() {
    }

    /**
     * @param context the running demo's context
     * @param port    its HTTP port
     * @param key     an API key of account 1
     * @param dir     the demo folder (for a generated manifest)
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
        Map<String, File> artifacts = artifactFiles(dir);
        File manifest = artifacts.get("manifest");
        int uploaded = 0;
        try (HttpClient http = HttpClient.create(new URL("http://127.0.0.1:" + port))) {
            for (EnvironmentRow env : environments) {
                AirflowDatabase db = airflow.forEnvironment(env).orElse(null);
                if (db == null) {
                    continue;
                }
                for (String[] run : latestSuccessfulRuns(db)) {
                    MultipartBody body = MultipartBody.builder().addPart("environment_slug", env.slug())
                            .addPart("dag_id", run[0]).addPart("run_id", run[1])
                            .addPart("file", "manifest.json", MediaType.APPLICATION_JSON_TYPE, manifest).build();
                    http.toBlocking().exchange(HttpRequest.POST("/api/internal/manifests", body)
                            .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(key));
                    MultipartBody files = MultipartBody.builder()
                            .addPart("files[0][tag]", run[1] + "-run_results")
                            .addPart("files[0][file]", "run_results.json", MediaType.APPLICATION_JSON_TYPE,
                                    artifacts.get("run_results"))
                            .addPart("files[1][tag]", run[1] + "-catalog")
                            .addPart("files[1][file]", "catalog.json", MediaType.APPLICATION_JSON_TYPE,
                                    artifacts.get("catalog")).build();
                    http.toBlocking().exchange(HttpRequest.POST("/api/internal/environments/" + env.slug() + "/files",
                            files).contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(key));
                    uploaded++;
                }
            }
        }
        return uploaded;
    }

    private static List<String[]> latestSuccessfulRuns(AirflowDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT dag_id, run_id FROM dag_run WHERE dag_id = 'daily_dbt_run'"
                        + " AND state = 'success' ORDER BY id DESC LIMIT " + RUNS_PER_ENVIRONMENT)
                .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)}).list());
    }

    /** The manifest, run_results and catalog files to upload, by stem. */
    private static Map<String, File> artifactFiles(Path dir) throws IOException {
        String artifacts = JadeVariable.JADE_ARTIFACTS_DIR.in(System.getenv()).orElse("");
        for (Path folder : new Path[]{artifacts.isEmpty() ? null : Path.of(artifacts),
                dir.toAbsolutePath().getParent().resolve("../shared/data/dbt-artifacts")}) {
            if (folder == null) {
                continue;
            }
            Map<String, File> real = new HashMap<>();
            for (String stem : List.of("manifest", "run_results", "catalog")) {
                Path candidate = folder.resolve(JAFFLE_SHOP + stem + ".json");
                if (Files.isRegularFile(candidate)) {
                    real.put(stem, candidate.toFile());
                }
            }
            if (real.size() == 3) {
                return real;
            }
        }
        Path generated = dir.resolve("demo-manifest.json");
        if (!Files.exists(generated)) {
            try (OutputStream out = Files.newOutputStream(generated)) {
                new ManifestGenerator(42).write(60, out);
            }
        }
        Map<String, File> out = new HashMap<>(DemoArtifacts.write(generated.toFile(), dir, Instant.now()));
        out.put("manifest", generated.toFile());
        return out;
    }
}
