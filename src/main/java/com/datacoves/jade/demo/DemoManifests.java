package com.datacoves.jade.demo;

import com.datacoves.jade.airflow.AirflowDatabase;
import com.datacoves.jade.airflow.AirflowDatabases;
import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.manifests.ManifestGenerator;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Gives a few successful demo DAG runs a manifest as their dbt Cloud artifact, uploaded through Jade's own Datacoves
 * route exactly as Datacoves' Airflow operator does (multipart {@code environment_slug}, {@code dag_id},
 * {@code run_id}, {@code file}). The manifest is the real jaffle_shop one from {@code ../shared/data/dbt-artifacts}
 * when that folder is present (or {@code JADE_ARTIFACTS_DIR}), else one made by {@link ManifestGenerator}.
 * Runs once: environments that already hold manifests are left alone.
 */
final class DemoManifests {

    private static final String JAFFLE_SHOP = "IchikawaAtsushi__jaffle_shop__manifest.json";
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
        File manifest = manifestFile(dir);
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

    private static File manifestFile(Path dir) throws IOException {
        String artifacts = System.getenv().getOrDefault("JADE_ARTIFACTS_DIR", "");
        for (Path candidate : new Path[]{
                artifacts.isEmpty() ? null : Path.of(artifacts, JAFFLE_SHOP),
                dir.toAbsolutePath().getParent().resolve("../shared/data/dbt-artifacts").resolve(JAFFLE_SHOP)}) {
            if (candidate != null && Files.isRegularFile(candidate)) {
                return candidate.toFile();
            }
        }
        Path generated = dir.resolve("demo-manifest.json");
        if (!Files.exists(generated)) {
            try (OutputStream out = Files.newOutputStream(generated)) {
                new ManifestGenerator(42).write(60, out);
            }
        }
        return generated.toFile();
    }
}
