package com.datacoves.jade.elixir;

import com.datacoves.jade.config.DatabaseSettings;
import com.datacoves.jade.manifests.Artifacts;
import com.datacoves.jade.support.JadeProcess;
import com.datacoves.jade.support.JadeTest;
import com.datacoves.jade.support.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jade import-elixir} as an operator runs it (a separate JVM) against an Elixir Jade database built from its
 * migrations' DDL ({@code elixir/schema.sql}) with realistic rows: ids with gaps, some colliding with the ids the
 * running server's index already handed out; manifests of several dbt schema versions, most with {@code content}
 * emptied as the Elixir cleaner leaves them and their bytes only in the Elixir object layout; files. Then checks,
 * through the running server's routes, that the dbt Cloud ids answer the same DAGs and DAG runs, that every imported
 * manifest and file downloads the same, that a DAG run first seen after the import takes its Elixir id, and that a
 * further import changes nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElixirImportTest extends JadeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${jade.test.database-prefix}")
    String prefix;

    @Value("${jade.storage.local.path}")
    String storagePath;

    /** A DAG run of a demo Airflow database. */
    private record DagRun(long environmentId, long accountId, long dagRunId, String dagId, String runId) {
    }

    /** An Elixir run id and the DAG run it stands for. */
    private record ElixirRun(long id, DagRun run) {
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", TestDatabases.postgresUrl(prefix + "jade"));
        env.put("DATACOVES_DB_URL", TestDatabases.postgresUrl(prefix + "datacoves"));
        env.put("STORAGE_ADAPTER", "local");
        env.put("LOCAL_STORAGE_PATH", storagePath);
        return env;
    }

    private String elixirUrl() {
        return TestDatabases.postgresUrl(prefix + "elixir");
    }

    private JadeProcess.Result importElixir(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("import-elixir", "--from", elixirUrl()));
        args.addAll(List.of(extra));
        return JadeProcess.run(env(), 180, args.toArray(new String[0]));
    }

    @Test
    void importsIdsManifestsAndFilesAndServesThemTheSame() throws Exception {
        List<Path> artifacts = Artifacts.manifests();
        Path v9 = pick(artifacts, "state-v9"), v10 = pick(artifacts, "state-v10"), v11 = pick(artifacts, "state-v11"),
                v12 = pick(artifacts, "state-v12"), jaffle = pick(artifacts, "jaffle_shop"),
                fixture = pick(artifacts, "jade-test-fixture");
        Path runResults = Artifacts.named("__run_results.json");

        // the running server has indexed dev123 and prd456 before the import: their ids must be rewritten
        for (long account : new long[] {1, 2}) {
            get(account, "/api/v2/accounts/" + account + "/runs/?limit=1");
        }
        // and their DAGs: wait until the four jobs the Elixir Jade named are listed (the index reads DAGs on its own
        // schedule), so that what "already indexed" means does not depend on timing
        Set<String> wanted = Set.of("1/daily_dbt_run", "1/hourly_sources", "2/daily_dbt_run", "4/daily_dbt_run");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Set<String> listed = new HashSet<>();
            for (long account : new long[] {1, 2}) {
                get(account, "/api/v2/accounts/" + account + "/jobs/?limit=100").get("data")
                        .forEach(j -> listed.add(j.get("environment_id").asLong() + "/" + j.get("name").asText()));
            }
            if (listed.containsAll(wanted)) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "jobs indexed: " + listed);
            Thread.sleep(200);
        }
        List<DagRun> dev = dagRuns("dev123", 1, 1);
        List<DagRun> prd = dagRuns("prd456", 2, 1);
        List<DagRun> glx = dagRuns("glx001", 4, 2);

        // ---- the Elixir Jade's database and objects ----
        byte[] binary = new byte[70_000];
        new Random(7).nextBytes(binary);
        TestDatabases.server().createDatabase(prefix + "elixir");
        try (Connection c = TestDatabases.server().connect(prefix + "elixir"); Statement s = c.createStatement()) {
            s.execute(new String(getClass().getResourceAsStream("/elixir/schema.sql").readAllBytes(),
                    StandardCharsets.UTF_8));
        }
        Map<String, Long> jobIds = new HashMap<>();       // "env/dag" -> Elixir job id (gaps, small: collide)
        jobIds.put("1/daily_dbt_run", 2L);
        jobIds.put("1/hourly_sources", 4L);
        jobIds.put("2/daily_dbt_run", 9L);
        jobIds.put("4/daily_dbt_run", 11L);
        jobIds.put("1/retired_dag", 13L);                 // a DAG gone from Airflow: imported, never indexed
        List<ElixirRun> runs = new ArrayList<>();
        long[] devIds = {3, 5, 40, 41, 977, 20005};
        DagRun r1 = first(dev, "daily_dbt_run", 0), r2 = first(dev, "hourly_sources", 0);
        List<DagRun> devPicked = new ArrayList<>(List.of(r1, r2, first(dev, "daily_dbt_run", 1),
                first(dev, "weekly_full_refresh", 0), first(dev, "hourly_sources", 3), first(dev, "manual_backfill", 0)));
        for (int i = 0; i < devIds.length; i++) {
            runs.add(new ElixirRun(devIds[i], devPicked.get(i)));
        }
        DagRun r3 = first(prd, "daily_dbt_run", 0);
        runs.add(new ElixirRun(6, r3));
        runs.add(new ElixirRun(1200, first(prd, "hourly_sources", 0)));
        runs.add(new ElixirRun(30000, first(prd, "daily_dbt_run", 2)));
        DagRun r4 = first(glx, "daily_dbt_run", 0);
        runs.add(new ElixirRun(7, r4));
        runs.add(new ElixirRun(8, first(glx, "hourly_sources", 0)));
        try (Connection c = TestDatabases.server().connect(prefix + "elixir")) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO job_ids (id, environment_id, dag_id) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, Long> e : jobIds.entrySet()) {
                    String[] k = e.getKey().split("/");
                    ps.setLong(1, e.getValue());
                    ps.setInt(2, Integer.parseInt(k[0]));
                    ps.setString(3, k[1]);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO job_run_ids (id, environment_id, dag_run_id) VALUES (?, ?, ?)")) {
                for (ElixirRun r : runs) {
                    ps.setLong(1, r.id());
                    ps.setInt(2, (int) r.run().environmentId());
                    ps.setInt(3, (int) r.run().dagRunId());
                    ps.executeUpdate();
                }
                ps.setLong(1, 50);   // environment without Airflow: imported, never indexed
                ps.setInt(2, 3);
                ps.setInt(3, 1);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO job_run_ids (id, environment_id, dag_run_id) VALUES (60, 1, NULL)");
                s.execute("SELECT setval('job_ids_id_seq', 13), setval('job_run_ids_id_seq', 30000)");
                s.execute("INSERT INTO tokens (account_id, key_hash, inserted_at, updated_at)"
                        + " VALUES (1, 'not-a-jade-hash', now(), now())");
            }
            // manifests: content emptied except where the cleaner keeps it; bytes in the Elixir key layout
            manifest(c, 3, "dev123", 1, null, r1, 3L, null, null, "2026-11-01T10:00:00");
            object(linkedKey(1, "dev123", r1), Files.readAllBytes(v9));
            manifest(c, 8, "dev123", 1, 1, r2, 5L, null, null, "2026-11-02T10:00:00");
            manifest(c, 9, "dev123", 1, 1, r2, 5L, null, null, "2026-11-03T10:00:00");
            object(linkedKey(1, "dev123", r2), Files.readAllBytes(v11));    // the newest upload's bytes
            manifest(c, 15, "dev123", 1, 1, null, null, "prod-latest", null, "2026-11-04T10:00:00");
            object("accounts/1/environments/dev123/manifests/15/manifest.json", Files.readAllBytes(v12));
            manifest(c, 21, "dev123", 1, 1, null, null, null, jaffle, "2026-11-10T10:00:00"); // object lost
            manifest(c, 22, "prd456", 1, 1, r3, 6L, null, null, "2026-11-05T10:00:00");     // nothing left
            manifest(c, 30, "glx001", 2, 3, r4, 7L, "glx-run", fixture, "2026-11-06T10:00:00");
            object(linkedKey(2, "glx001", r4), Files.readAllBytes(fixture));
            manifest(c, 31, "dev123", 1, 1, null, null, "v10", v10, "2026-11-07T10:00:00");
            object("accounts/1/environments/dev123/manifests/31/manifest.json", Files.readAllBytes(v10));
            // files: rows point at their objects by path
            file(c, 2, "dev123", "manual__2024-01-01T00:00:00+00:00-run_results", "run_results.json",
                    Files.readAllBytes(runResults), true);
            file(c, 5, "dev123", "graph", "graph@v2.gpickle", binary, true);       // a key Jade would sanitise
            file(c, 9, "dev123", "gone", "x.json", "{}".getBytes(StandardCharsets.UTF_8), false);
        }
        String elixirBefore = fingerprint();


        // ---- a dry run writes nothing ----
        JadeProcess.Result dry = importElixir("--dry-run");
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().startsWith("Dry run (nothing written)"), dry.out());
        assertEquals(0, count("manifests") + count("environment_files") + count("imported_run_id")
                + count("imported_job_id") + count("elixir_import"), "a dry run writes no row");
        assertEquals(404, status(1, "/api/v2/accounts/1/runs/20005/"));
        assertArrayEquals(new int[] {12, 0, 1}, counts(dry.out(), "job_run_ids"), dry.out());
        assertArrayEquals(new int[] {6, 0, 2}, counts(dry.out(), "manifests"), dry.out());

        // a dry run before Jade's database was ever migrated (step 2 of the cutover) neither migrates nor writes it
        TestDatabases.server().createDatabase(prefix + "jade_new");
        Map<String, String> newJade = new HashMap<>(env());
        newJade.put("DB_URL", TestDatabases.postgresUrl(prefix + "jade_new"));
        JadeProcess.Result dryNew = JadeProcess.run(newJade, 180, "import-elixir", "--from", elixirUrl(), "--dry-run");
        assertEquals(0, dryNew.exitCode(), dryNew.err());
        assertArrayEquals(new int[] {6, 0, 2}, counts(dryNew.out(), "manifests"), dryNew.out());
        try (Connection c = TestDatabases.server().connect(prefix + "jade_new"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "no table created by a dry run");
        }

        // ---- the import ----
        JadeProcess.Result imported = importElixir();
        assertEquals(0, imported.exitCode(), imported.err());
        String out = imported.out();
        // every chosen DAG run was indexed before the import: all 11 take their Elixir id; small Elixir ids were held
        // by other runs and jobs, which move to fresh ids above the Elixir ones
        // how many rows move depends on the ids Jade happened to give while indexing the demo environments in
        // parallel (a job that already holds its Elixir id does not move); the routes below check the outcome
        java.util.regex.Matcher moved = java.util.regex.Pattern
                .compile("index: (\\d+) job\\(s\\) and (\\d+) run\\(s\\) already indexed took their Elixir id;").matcher(out);
        assertTrue(moved.find(), out);
        assertTrue(Integer.parseInt(moved.group(1)) <= 4 && Integer.parseInt(moved.group(2)) <= 11, out);
        assertTrue(out.contains("sequences: next job id 10014 (was "), out);
        assertTrue(out.contains("next run id 40001 (was "), out);
        assertArrayEquals(new int[] {5, 0, 0}, counts(out, "job_ids"), out);
        assertArrayEquals(new int[] {12, 0, 1}, counts(out, "job_run_ids"), out);
        assertArrayEquals(new int[] {6, 0, 2}, counts(out, "manifests"), out);
        assertArrayEquals(new int[] {2, 0, 1}, counts(out, "files"), out);
        assertTrue(out.contains("manifests id 8: superseded by manifest 9"), out);
        assertTrue(out.contains("manifests id 22: its object accounts/1/environments/prd456/dags/daily_dbt_run/"), out);
        assertTrue(out.contains("files id 9: its object environments/dev123/files/gone/x.json is missing"), out);
        assertTrue(out.contains("job_run_ids id 60: environment_id or dag_run_id is null"), out);
        if (TestDatabases.server().password() != null) {
            assertFalse((out + imported.err()).contains(TestDatabases.server().password()), "no secret printed");
        }
        assertEquals(elixirBefore, fingerprint(), "the Elixir database is unchanged");

        // ---- the dbt Cloud routes answer the Elixir ids for the same DAGs and DAG runs ----
        for (ElixirRun r : runs) {
            DagRun d = r.run();
            JsonNode run = eventually(() -> get(d.accountId(), "/api/v2/accounts/" + d.accountId() + "/runs/" + r.id() + "/"));
            JsonNode data = run.get("data");
            assertEquals(d.environmentId(), data.get("environment_id").asLong(), "run " + r.id());
            assertEquals(d.dagRunId(), data.get("dag_run_id").asLong(), "run " + r.id());
            Long job = jobIds.get(d.environmentId() + "/" + d.dagId());
            if (job != null) {
                assertEquals(job.longValue(), data.get("job_definition_id").asLong(), "job of run " + r.id());
            }
        }
        for (Map.Entry<String, Long> e : jobIds.entrySet()) {
            if (e.getKey().endsWith("retired_dag")) {
                continue;
            }
            long envId = Long.parseLong(e.getKey().split("/")[0]);
            long account = envId == 4 ? 2 : 1;
            JsonNode job = get(account, "/api/v2/accounts/" + account + "/jobs/" + e.getValue() + "/").get("data");
            assertEquals(e.getKey().split("/")[1], job.get("dag_id").asText());
            assertEquals(envId, job.get("environment_id").asLong());
        }
        // the ids Jade had given before stay unique: the list holds each run once
        JsonNode list = get(1, "/api/v2/accounts/1/runs/?limit=100&order_by=id");
        List<Long> seen = new ArrayList<>();
        list.get("data").forEach(n -> seen.add(n.get("id").asLong()));
        assertEquals(seen.stream().distinct().count(), seen.size());

        // ---- every imported manifest downloads as the same JSON value ----
        assertJson(v9, raw(1, "/api/v2/accounts/1/runs/3/artifacts/manifest.json"));
        assertJson(v11, raw(1, "/api/v2/accounts/1/runs/5/artifacts/manifest.json"));
        assertJson(fixture, raw(2, "/api/v2/accounts/2/runs/7/artifacts/manifest.json"));
        assertJson(v12, raw(1, "/api/v2/datacoves/manifests?environment_slug=dev123&tag=prod-latest&trimmed=false"));
        assertJson(v10, raw(1, "/api/v2/datacoves/manifests?environment_slug=dev123&tag=v10&trimmed=false"));
        assertJson(jaffle, raw(1, "/api/v2/datacoves/manifests?environment_slug=dev123&trimmed=false"));
        assertJson(fixture, raw(2, "/api/v2/datacoves/manifests?environment_slug=glx001&tag=glx-run&trimmed=false"));
        assertEquals(404, status(1, "/api/v2/accounts/1/runs/6/artifacts/manifest.json"));
        // ---- files keep their bytes (the sanitised one was copied, its original left in place) ----
        assertArrayEquals(Files.readAllBytes(runResults), raw(1,
                "/api/v2/datacoves/environments/dev123/files/raw?slug=" + fileSlug(2)));
        assertArrayEquals(binary, raw(1, "/api/v2/datacoves/environments/dev123/files/raw?slug=" + fileSlug(5)));
        assertTrue(Files.exists(Path.of(storagePath, "environments/dev123/files/graph/graph@v2.gpickle")));

        // ---- catch-up: a DAG run the Elixir Jade listed after the first import, seen by Jade only later ----
        long newDagRun = dev.stream().mapToLong(DagRun::dagRunId).max().orElseThrow() + 100;
        try (Connection c = TestDatabases.server().connect(prefix + "elixir"); Statement s = c.createStatement()) {
            s.execute("INSERT INTO job_run_ids (id, environment_id, dag_run_id) VALUES (40000, 1, " + newDagRun + ")");
        }
        JadeProcess.Result catchUp = importElixir();
        assertEquals(0, catchUp.exitCode(), catchUp.err());
        assertArrayEquals(new int[] {1, 12, 1}, counts(catchUp.out(), "job_run_ids"), catchUp.out());
        try (Connection c = database("airflow_dev123"); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE copy AS SELECT * FROM dag_run WHERE id = " + r1.dagRunId());
            s.execute("UPDATE copy SET id = " + newDagRun + ", run_id = 'manual__elixir-catch-up',"
                    + " execution_date = now(), queued_at = now(), state = 'queued'");
            s.execute("INSERT INTO dag_run SELECT * FROM copy");
        }
        JsonNode late = eventually(() -> get(1, "/api/v2/accounts/1/runs/40000/")).get("data");
        assertEquals(newDagRun, late.get("dag_run_id").asLong());
        assertEquals(2, late.get("job_definition_id").asLong());

        // ---- a further import is a no-op, and says so ----
        int rowsBefore = count("manifests") + count("environment_files") + count("imported_run_id");
        String elixirNow = fingerprint();
        JadeProcess.Result again = importElixir();
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("Nothing changed: everything was already imported."), again.out());
        assertArrayEquals(new int[] {0, 6, 2}, counts(again.out(), "manifests"), again.out());
        assertArrayEquals(new int[] {0, 2, 1}, counts(again.out(), "files"), again.out());
        assertArrayEquals(new int[] {0, 13, 1}, counts(again.out(), "job_run_ids"), again.out());
        assertEquals(rowsBefore, count("manifests") + count("environment_files") + count("imported_run_id"));
        assertEquals(elixirNow, fingerprint(), "the Elixir database is unchanged");
    }

    @Test
    void badSourcesEndWithOneLineAndNoSecret() throws Exception {
        Map<String, String> env = env();
        // a database that is not an Elixir Jade's (the Datacoves one)
        JadeProcess.Result wrong = JadeProcess.run(env, 90, "import-elixir", "--from",
                TestDatabases.postgresUrl(prefix + "datacoves"));
        assertEquals(1, wrong.exitCode(), wrong.out());
        assertEquals(1, wrong.err().strip().lines().count(), wrong.err());
        assertTrue(wrong.err().contains("is not an Elixir Jade database"), wrong.err());
        // unreachable, with a password in the URL
        JadeProcess.Result unreachable = JadeProcess.run(env, 90, "import-elixir", "--from",
                "postgres://someone:s3cret-pw@127.0.0.1:1/elixir");
        assertEquals(1, unreachable.exitCode());
        assertEquals(1, unreachable.err().strip().lines().count(), unreachable.err());
        assertTrue(unreachable.err().startsWith("jade: cannot connect to the Elixir Jade database"), unreachable.err());
        assertFalse((unreachable.out() + unreachable.err()).contains("s3cret-pw"));
        JadeProcess.Result bad = JadeProcess.run(env, 90, "import-elixir", "--from", "not a url");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("--from is not a valid database URL"), bad.err());
    }

    @Test
    void theElixirDatabaseIsOpenedReadOnly() throws Exception {
        TestDatabases.server().createDatabase(prefix + "elixir_ro");
        try (Connection c = TestDatabases.server().connect(prefix + "elixir_ro"); Statement s = c.createStatement()) {
            s.execute(new String(getClass().getResourceAsStream("/elixir/schema.sql").readAllBytes(),
                    StandardCharsets.UTF_8));
        }
        var server = TestDatabases.server();
        ElixirDatabase db = ElixirDatabase.open(new DatabaseSettings(server.jdbcUrl(prefix + "elixir_ro"),
                server.user(), server.password(), 1));
        Exception refused = assertThrows(Exception.class, () -> db.jdbi().useHandle(h ->
                h.execute("INSERT INTO job_ids (environment_id, dag_id) VALUES (1, 'x')")));
        assertTrue(String.valueOf(refused.getMessage()).contains("read-only"), refused.getMessage());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** imported, already present, skipped of one table in a report. */
    private static int[] counts(String report, String table) {
        String line = report.lines().filter(l -> l.startsWith(table + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + table + " in\n" + report));
        String[] f = line.trim().split("\\s+");
        return new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])};
    }

    private static Path pick(List<Path> artifacts, String part) {
        return artifacts.stream().filter(p -> p.getFileName().toString().contains(part)).findFirst()
                .orElseThrow(() -> new org.opentest4j.TestAbortedException("no manifest named *" + part + "*"));
    }

    private List<DagRun> dagRuns(String slug, long environmentId, long accountId) throws SQLException {
        List<DagRun> out = new ArrayList<>();
        try (Connection c = database("airflow_" + slug); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, dag_id, run_id FROM dag_run ORDER BY id")) {
            while (rs.next()) {
                out.add(new DagRun(environmentId, accountId, rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    private static DagRun first(List<DagRun> runs, String dagId, int skip) {
        return runs.stream().filter(r -> r.dagId().equals(dagId)).skip(skip).findFirst().orElseThrow();
    }

    private static String linkedKey(long account, String slug, DagRun r) {
        return "accounts/" + account + "/environments/" + slug + "/dags/" + r.dagId() + "/dag_runs/"
                + r.runId().replaceAll("[_:.+]", "-") + "/manifest.json";
    }

    private void object(String key, byte[] bytes) throws Exception {
        Path p = Path.of(storagePath).resolve(key);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    private static void manifest(Connection c, long id, String slug, long account, Integer project, DagRun run,
                                 Long jobRunId, String tag, Path content, String insertedAt) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO manifests (id, account_id, project_id, environment_slug, dag_id, dag_run_id, dag_run_run_id,
                                       job_run_id, content, tag, inserted_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)""")) {
            ps.setLong(1, id);
            ps.setLong(2, account);
            ps.setObject(3, project);
            ps.setString(4, slug);
            ps.setString(5, run == null ? null : run.dagId());
            ps.setObject(6, run == null ? null : (int) run.dagRunId());
            ps.setString(7, run == null ? null : run.runId());
            ps.setObject(8, jobRunId);
            ps.setString(9, content == null ? null : Files.readString(content));
            ps.setString(10, tag);
            ps.setObject(11, LocalDateTime.parse(insertedAt));
            ps.setObject(12, LocalDateTime.parse(insertedAt));
            ps.executeUpdate();
        }
    }

    /** An Elixir file row, its path built as the Elixir Jade builds it, and (when {@code stored}) its object. */
    private void file(Connection c, long id, String slug, String tag, String filename, byte[] bytes, boolean stored)
            throws Exception {
        String path = "/environments/" + slug + "/files/" + tag.replaceAll("[\\s_:.+]", "-") + "/"
                + filename.replaceAll("[\\s_:+]", "-");
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO files (id, filename, environment_slug, tag, path, inserted_at, updated_at)
                VALUES (?, ?, ?, ?, ?, now(), now())""")) {
            ps.setLong(1, id);
            ps.setString(2, filename);
            ps.setString(3, slug);
            ps.setString(4, tag);
            ps.setString(5, path);
            ps.executeUpdate();
        }
        if (stored) {
            object(path.substring(1), bytes);
        }
    }

    private UUID fileSlug(long id) throws SQLException {
        try (Connection c = TestDatabases.server().connect(prefix + "elixir"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT slug FROM files WHERE id = " + id)) {
            rs.next();
            return rs.getObject(1, UUID.class);
        }
    }

    /** Every row of the Elixir database, to show the import never changed it. */
    private String fingerprint() throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = TestDatabases.server().connect(prefix + "elixir"); Statement s = c.createStatement()) {
            for (String table : List.of("job_ids", "job_run_ids", "manifests", "files", "tokens")) {
                try (ResultSet rs = s.executeQuery("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))"
                        + " FROM " + table + " t")) {
                    rs.next();
                    sb.append(table).append('=').append(rs.getString(1)).append(';');
                }
            }
        }
        return sb.toString();
    }

    private int count(String table) throws SQLException {
        try (Connection c = database("jade"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private JsonNode get(long account, String uri) {
        try {
            return JSON.readTree(http.toBlocking().retrieve(HttpRequest.GET(uri).header("Authorization",
                    tokenHeader(account)), String.class));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private byte[] raw(long account, String uri) {
        return http.toBlocking().retrieve(HttpRequest.GET(uri).header("Authorization", tokenHeader(account)),
                byte[].class);
    }

    private int status(long account, String uri) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET(uri).header("Authorization", tokenHeader(account)))
                    .code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    private static void assertJson(Path expected, byte[] actual) throws Exception {
        assertEquals(JSON.readTree(expected.toFile()), JSON.readTree(actual), "same JSON value as " + expected);
    }

    /** Polls (the server's index takes a pass to see a new DAG run) for at most 30 s. */
    private static <T> T eventually(Supplier<T> attempt) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return attempt.get();
            } catch (HttpClientResponseException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
