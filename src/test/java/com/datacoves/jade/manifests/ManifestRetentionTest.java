package com.datacoves.jade.manifests;

import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.storage.StorageKey;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention on real data: manifests uploaded through the HTTP route into embedded PostgreSQL and
 * the local folder, then one pass with {@code jade.manifests.retention.keep=2}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestRetentionTest extends JadeTest {

    @Inject
    EmbeddedServer server;
    @Inject
    ManifestRepository manifests;
    @Inject
    ManifestRetention retention;
    @Inject
    ObjectStorage storage;
    @Inject
    EnvironmentRepository environments;
    @Inject
    @Named("jade")
    Jdbi jadeDb;

    @Override
    protected Map<String, String> extraProperties() {
        // the scheduled pass would start only after a day: the test runs passes itself
        return Map.of("jade.manifests.retention.keep", "2", "jade.manifests.retention.initial-delay", "1d");
    }

    /** Successful runs (dag_id, run_id) of the demo DAG that has the most, oldest first. */
    List<String[]> runsOfOneDag(EnvironmentRow env, int count) throws Exception {
        List<String[]> runs = new ArrayList<>();
        try (Connection c = database("airflow_" + env.slug());
             PreparedStatement s = c.prepareStatement("""
                     SELECT dag_id, run_id FROM dag_run WHERE dag_id = (
                         SELECT dag_id FROM dag_run GROUP BY dag_id ORDER BY count(*) DESC, dag_id LIMIT 1)
                     ORDER BY id LIMIT ?""")) {
            s.setInt(1, count);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    runs.add(new String[]{r.getString(1), r.getString(2)});
                }
            }
        }
        assertEquals(count, runs.size());
        return runs;
    }

    void upload(String env, byte[] manifest, String... fields) {
        RawMultipart form = new RawMultipart().field("environment_slug", env);
        for (int i = 0; i < fields.length; i += 2) {
            form.field(fields[i], fields[i + 1]);
        }
        HttpResponse<String> r = form.file("file", "manifest.json", manifest)
                .post(server.getPort(), "/api/internal/manifests", tokenHeader(1));
        assertEquals(201, r.statusCode(), r.body());
    }

    boolean stored(ManifestRow row) {
        return storage.exists(StorageKey.of(row.storageKey().split("/")));
    }

    @Test
    void keepsTheNewestUntaggedPerDagTaggedOnesAndOtherEnvironments() throws Exception {
        EnvironmentRow dev = environments.findBySlug("dev123").orElseThrow();
        EnvironmentRow prd = environments.findBySlug("prd456").orElseThrow();
        List<String[]> runs = runsOfOneDag(dev, 6);
        String dag = runs.get(0)[0];
        byte[] manifest = ManifestRoutesTest.generated(41, 5);

        // DAG: a tagged manifest (oldest), then four untagged ones, one per DAG run
        upload("dev123", manifest, "dag_id", dag, "run_id", runs.get(0)[1], "tag", "release-1");
        for (int i = 1; i <= 4; i++) {
            upload("dev123", manifest, "dag_id", dag, "run_id", runs.get(i)[1]);
        }
        // no DAG: three uploads (dbt-coves without a run), one group of the environment
        for (int i = 0; i < 3; i++) {
            upload("dev123", manifest);
        }
        // another environment's manifest for a DAG of the same name stays
        upload("prd456", manifest, "dag_id", dag, "run_id", runsOfOneDag(prd, 1).get(0)[1]);
        // an old row sharing the storage key of the newest DAG-run manifest (two run ids can sanitise alike):
        // the row goes, the object stays because the newer row still uses it
        ManifestRow newest = manifests.findLinked(dev.id(), dag, runs.get(4)[1]).orElseThrow();
        int inserted = jadeDb.withHandle(h -> h.createUpdate("""
                INSERT INTO manifests (slug, account_id, project_id, environment_id, environment_slug, dag_id,
                                       dbt_schema_version, node_count, source_count, size_bytes, sha256, storage_key,
                                       created_at)
                SELECT gen_random_uuid(), account_id, project_id, environment_id, environment_slug, dag_id,
                       dbt_schema_version, node_count, source_count, size_bytes, sha256, storage_key,
                       now() - interval '30 days'
                FROM manifests WHERE id = ?""").bind(0, newest.id()).execute());
        assertEquals(1, inserted);

        List<ManifestRow> before = manifests.findAllInEnvironment(dev.id());
        assertEquals(9, before.size());
        ManifestRetention.Pass pass = retention.runOnce();

        List<ManifestRow> after = manifests.findAllInEnvironment(dev.id());
        Set<Long> kept = after.stream().map(ManifestRow::id).collect(Collectors.toSet());
        List<ManifestRow> removed = before.stream().filter(r -> !kept.contains(r.id())).toList();
        // DAG: tagged + the 2 newest untagged (runs 3 and 4); no DAG: the 2 newest
        assertEquals(5, after.size(), after.toString());
        assertEquals(Set.of(runs.get(0)[1], runs.get(3)[1], runs.get(4)[1]), after.stream()
                .filter(r -> dag.equals(r.dagId())).map(ManifestRow::runId).collect(Collectors.toSet()));
        assertTrue(after.stream().anyMatch(r -> "release-1".equals(r.tag())));
        assertEquals(2, after.stream().filter(r -> r.dagId() == null).count());
        assertEquals(new ManifestRetention.Pass(4, 3, 0), pass, "4 rows; 3 objects (one key is still used)");

        // nothing visible points to a missing object, and the removed manifests' objects are gone
        for (ManifestRow row : after) {
            assertTrue(stored(row), row.storageKey());
        }
        for (ManifestRow row : removed) {
            assertEquals(row.storageKey().equals(newest.storageKey()), stored(row), row.storageKey());
        }
        assertEquals(1, manifests.findAllInEnvironment(prd.id()).size());

        // the newest manifest of the DAG still reads whole over HTTP; a second pass has nothing to do
        HttpResponse<byte[]> latest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + server.getPort() + "/api/internal/manifests?environment_slug=dev123&dag_id="
                                + dag + "&trimmed=false")).header("Authorization", tokenHeader(1)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, latest.statusCode());
        assertArrayEquals(manifest, latest.body());
        assertEquals(new ManifestRetention.Pass(0, 0, 0), retention.runOnce());
    }
}
