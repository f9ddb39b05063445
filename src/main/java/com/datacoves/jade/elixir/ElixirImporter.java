package com.datacoves.jade.elixir;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.config.SettingException;
import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.index.ImportedIdRepository;
import com.datacoves.jade.index.ImportedIdRepository.JobId;
import com.datacoves.jade.index.ImportedIdRepository.RunId;
import com.datacoves.jade.manifests.ManifestFacts;
import com.datacoves.jade.manifests.ManifestInspector;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.storage.StorageKey;
import com.datacoves.jade.storage.StoredObject;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code jade import-elixir}: carries a running Elixir Jade's data into Jade (docs/migrating-from-elixir.md).
 *
 * <ol>
 *   <li><b>Ids.</b> Every {@code job_ids} and {@code job_run_ids} row becomes an imported id
 *       ({@link ImportedIdRepository}); the sequences are raised above the Elixir ones plus a headroom (ids the
 *       Elixir Jade hands out until it stops then never collide with Jade's); index rows that already have another
 *       id take the imported one, in one transaction.</li>
 *   <li><b>Manifests.</b> Each row becomes a Jade manifest with the same slug, tag and upload time. Bytes: the object
 *       the Elixir Jade stored (its key: by row id when unlinked, by DAG and run id when linked), kept where it is when
 *       Jade can address that key as it is, else copied (streaming) to Jade's key of the same layout; when the object
 *       is missing or not a manifest, the {@code content} column (emptied by the Elixir cleaner on all but the newest
 *       manifest per DAG). Of several manifests of one DAG run only the newest is carried: Jade keeps one per DAG
 *       run, and the shared object holds the newest's bytes.</li>
 *   <li><b>Files.</b> Each row keeps its object ({@code path} without its leading {@code /}), or a copy at Jade's key
 *       when that path is not one Jade can address as it is; size and SHA-256 are computed by reading it.</li>
 * </ol>
 * Each manifest and file is committed with its {@code elixir_import} record, so an interrupted import resumes, and a
 * second import changes nothing. A dry run reads everything and writes nothing (no row, no object, no sequence).
 * The Elixir objects are never changed or deleted, and its database is only read.
 */
@Singleton
public class ElixirImporter {

    private final ImportedIdRepository ids;
    private final ImportTargetRepository targets;
    private final EnvironmentRepository environments;
    private final ObjectStorage storage;

    /** Jade's beans the import writes to or reads from. */
    public ElixirImporter(ImportedIdRepository ids, ImportTargetRepository targets, EnvironmentRepository environments,
                          ObjectStorage storage) {
        this.ids = ids;
        this.targets = targets;
        this.environments = environments;
        this.storage = storage;
    }

    /**
     * Options of one import.
     *
     * @param dryRun     read everything, write nothing
     * @param idHeadroom how many ids above the Elixir sequences Jade's sequences start (room for ids the Elixir Jade
     *                   still hands out before it stops), at least 0
     * @param progress   where progress lines go (standard error)
     */
    public record Options(boolean dryRun, long idHeadroom, PrintWriter progress) {
    }

    /**
     * Runs the import.
     *
     * @return the report (also of rows not carried)
     * @throws SettingException when Jade's database is not migrated for a real run, or the Elixir database fails
     * @throws com.datacoves.jade.storage.StorageException never for one row (reported instead), only from the store
     *                                                     as a whole
     */
    public ImportReport run(ElixirDatabase elixir, Options options) {
        ElixirRepository source = new ElixirRepository(elixir);
        ImportReport report = new ImportReport(elixir.describe(), options.dryRun());
        boolean fresh = !targets.jadeTablesExist();
        boolean migrated = !fresh && ids.migrated() && targets.migrated();
        if (!migrated && !options.dryRun()) {
            throw new SettingException("Jade's database is not migrated (tables imported_job_id, elixir_import are"
                    + " missing)");
        }
        importIds(source, report, options, migrated, fresh);
        Map<String, Optional<EnvironmentRow>> bySlug = new HashMap<>();
        importManifests(source, report, options, migrated, fresh, bySlug);
        importFiles(source, report, options, migrated, fresh);
        return report;
    }

    // ---- ids --------------------------------------------------------------------------------------------------------

    private void importIds(ElixirRepository source, ImportReport report, Options options, boolean migrated,
                           boolean fresh) {
        boolean write = !options.dryRun();
        int[] preview = new int[4];
        long after = 0;
        for (List<ElixirRepository.JobIdRow> page; !(page = source.jobIds(after)).isEmpty(); ) {
            List<JobId> valid = new ArrayList<>();
            for (ElixirRepository.JobIdRow r : page) {
                r.valid().ifPresentOrElse(valid::add,
                        () -> report.skipped("job_ids", r.id(), "environment_id or dag_id is null"));
            }
            ImportedIdRepository.Added added = ids.addJobIds(valid, write);
            account(report, "job_ids", added);
            if (!write && !fresh) {
                add(preview, ids.previewRewrite(valid, List.of()));
            }
            after = page.get(page.size() - 1).id();
            options.progress().printf("job_ids: read up to id %d%n", after);
        }
        after = 0;
        for (List<ElixirRepository.RunIdRow> page; !(page = source.runIds(after)).isEmpty(); ) {
            List<RunId> valid = new ArrayList<>();
            for (ElixirRepository.RunIdRow r : page) {
                r.valid().ifPresentOrElse(valid::add,
                        () -> report.skipped("job_run_ids", r.id(), "environment_id or dag_run_id is null"));
            }
            ImportedIdRepository.Added added = ids.addRunIds(valid, write);
            account(report, "job_run_ids", added);
            if (!write && !fresh) {
                add(preview, ids.previewRewrite(List.of(), valid));
            }
            after = page.get(page.size() - 1).id();
            options.progress().printf("job_run_ids: read up to id %d%n", after);
        }
        options.progress().flush();

        long[] elixirLast = source.lastIds();
        long wantJob = elixirLast[0] + 1 + options.idHeadroom();
        long wantRun = elixirLast[1] + 1 + options.idHeadroom();
        long[] before = fresh ? new long[] {1, 1} : ids.nextIds();
        long[] after2 = write ? ids.raiseSequences(wantJob, wantRun)
                : new long[] {Math.max(before[0], wantJob), Math.max(before[1], wantRun)};
        boolean raised = after2[0] != before[0] || after2[1] != before[1];
        report.note("sequences: next job id " + after2[0] + (after2[0] != before[0] ? " (was " + before[0] + ")" : "")
                + ", next run id " + after2[1] + (after2[1] != before[1] ? " (was " + before[1] + ")" : "")
                + "; the Elixir Jade's last ids: job " + elixirLast[0] + ", run " + elixirLast[1], raised);

        ImportedIdRepository.Rewrite rewrite = write ? ids.rewrite()
                : new ImportedIdRepository.Rewrite(preview[0], preview[1], preview[2], preview[3]);
        report.note("index: " + rewrite.jobsRewritten() + " job(s) and " + rewrite.runsRewritten()
                + " run(s) already indexed " + (write ? "took" : "would take") + " their Elixir id; "
                + rewrite.jobsMoved() + " job(s) and " + rewrite.runsMoved() + " run(s) "
                + (write ? "moved" : "would move") + " off an id the Elixir Jade had given to another DAG (run)",
                !rewrite.none());
        if (!migrated) {
            report.note("Jade's database is not migrated yet: a real run migrates it first", true);
        }
    }

    private static void account(ImportReport report, String table, ImportedIdRepository.Added added) {
        report.imported(table, added.added());
        report.present(table, added.present());
        added.conflicts().forEach(c -> report.skipped(table, table + " " + c));
    }

    private static void add(int[] sum, ImportedIdRepository.Rewrite r) {
        sum[0] += r.jobsRewritten();
        sum[1] += r.jobsMoved();
        sum[2] += r.runsRewritten();
        sum[3] += r.runsMoved();
    }

    // ---- manifests --------------------------------------------------------------------------------------------------

    private void importManifests(ElixirRepository source, ImportReport report, Options options, boolean migrated,
                                 boolean fresh, Map<String, Optional<EnvironmentRow>> bySlug) {
        long after = 0;
        for (List<ElixirRepository.ManifestRow> page; !(page = source.manifests(after)).isEmpty(); ) {
            for (ElixirRepository.ManifestRow m : page) {
                try {
                    importManifest(source, report, options, migrated, fresh, bySlug, m);
                } catch (SettingException e) {
                    throw e;
                } catch (RuntimeException e) {
                    report.skipped("manifests", m.id(), oneLine(e));
                }
            }
            after = page.get(page.size() - 1).id();
            options.progress().printf("manifests: read up to id %d%n", after);
            options.progress().flush();
        }
    }

    private void importManifest(ElixirRepository source, ImportReport report, Options options, boolean migrated,
                                boolean fresh, Map<String, Optional<EnvironmentRow>> bySlug,
                                ElixirRepository.ManifestRow m) {
        String table = "manifests";
        if (m.slug() == null || m.environmentSlug() == null || m.accountId() == null) {
            report.skipped(table, m.id(), "slug, environment_slug or account_id is null");
            return;
        }
        if ((migrated && targets.imported(table, m.id())) || (!fresh && targets.manifestSlugExists(m.slug()))) {
            report.present(table, 1);
            return;
        }
        Optional<EnvironmentRow> found = bySlug.computeIfAbsent(m.environmentSlug(), environments::findBySlug);
        if (found.isEmpty()) {
            report.skipped(table, m.id(), "environment " + m.environmentSlug() + " is not in the Datacoves database");
            return;
        }
        EnvironmentRow env = found.get();
        List<Long> replacing = new ArrayList<>();
        if (m.linked()) {
            if (m.dagRunId() == null || m.dagId() == null || m.airflowRunId() == null) {
                report.skipped(table, m.id(), "linked to run " + m.jobRunId()
                        + " but dag_id, dag_run_id or dag_run_run_id is null");
                return;
            }
            long newest = source.newestOfDagRun(m.environmentSlug(), m.dagRunId());
            if (newest != m.id()) {
                report.skipped(table, m.id(), "superseded by manifest " + newest + " of the same DAG run (Jade keeps"
                        + " one manifest per DAG run; their shared object holds the newest's bytes)");
                return;
            }
            for (ImportTargetRepository.DagRunManifest existing
                    : fresh ? List.<ImportTargetRepository.DagRunManifest>of()
                    : targets.manifestsOfDagRun(env.id(), m.dagRunId())) {
                if (!existing.imported()) {
                    report.skipped(table, m.id(), "DAG run " + m.dagRunId() + " of " + env.slug()
                            + " already has a manifest uploaded to Jade (row " + existing.id() + ")");
                    return;
                }
                replacing.add(existing.id());
            }
        }
        if (m.tag() != null && !fresh && targets.tagTaken(env.slug(), m.tag())) {
            report.skipped(table, m.id(), "tag '" + m.tag() + "' is already used in " + env.slug() + " by a manifest"
                    + " uploaded to Jade");
            return;
        }
        String elixirKey = m.elixirKey();
        StorageKey target = m.linked()
                ? StorageKey.of("accounts", String.valueOf(m.accountId()), "environments", m.environmentSlug(), "dags",
                m.dagId(), "dag_runs", m.airflowRunId().replaceAll("[_:.+]", "-"), "manifest.json")
                : StorageKey.of("accounts", String.valueOf(m.accountId()), "environments", m.environmentSlug(),
                "manifests", String.valueOf(m.id()), "manifest.json");
        Bytes bytes = manifestBytes(source, options, m, elixirKey, target);
        if (bytes.facts() == null) {
            report.skipped(table, m.id(), bytes.problem());
            return;
        }
        if (!options.dryRun()) {
            targets.insertManifest(new ImportTargetRepository.NewManifest(m.id(), m.slug(), env.accountId(),
                    env.projectId(), env.id(), env.slug(), m.linked() ? m.dagId() : null,
                    m.linked() ? m.dagRunId() : null, m.airflowRunId(), m.tag(), bytes.facts(), bytes.key().value(),
                    m.insertedAt()), replacing);
        }
        report.imported(table, 1);
    }

    /**
     * Where a manifest's bytes are for Jade and what they are.
     *
     * @param key     the Jade key of the bytes (null when none)
     * @param facts   what they are (null when none)
     * @param problem why there are none
     */
    private record Bytes(StorageKey key, ManifestFacts facts, String problem) {
    }

    private Bytes manifestBytes(ElixirRepository source, Options options, ElixirRepository.ManifestRow m,
                                String elixirKey, StorageKey target) {
        String objectProblem;
        StorageKey at = addressable(elixirKey);
        if (at == null) {
            objectProblem = "its object key '" + elixirKey + "' cannot be read";
        } else {
            Optional<StoredObject> object = storage.get(at);
            if (object.isEmpty()) {
                objectProblem = "its object " + elixirKey + " is missing";
            } else {
                ManifestFacts facts;
                try (StoredObject o = object.get()) {
                    facts = ManifestInspector.inspect(o.content(), Long.MAX_VALUE);
                } catch (JadeException e) {
                    facts = null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (facts != null) {
                    if (at.equals(target) || options.dryRun()) {
                        return new Bytes(at.equals(target) ? at : target, facts, null);
                    }
                    copy(at, target, "application/json");
                    return new Bytes(target, facts, null);
                }
                objectProblem = "its object " + elixirKey + " is not a dbt manifest";
            }
        }
        if (!m.hasContent()) {
            return new Bytes(null, null, objectProblem + ", and its content column was emptied (by the Elixir"
                    + " cleaner, which keeps it only for the newest manifest per DAG)");
        }
        byte[] content = source.content(m.id()).orElse(null);
        if (content == null) {
            return new Bytes(null, null, objectProblem + ", and its content column is empty");
        }
        ManifestFacts facts;
        try {
            facts = ManifestInspector.inspect(new ByteArrayInputStream(content), Long.MAX_VALUE);
        } catch (JadeException e) {
            return new Bytes(null, null, objectProblem + ", and its content column is not a dbt manifest ("
                    + e.getMessage() + ")");
        }
        if (!options.dryRun()) {
            storage.put(target, new ByteArrayInputStream(content), content.length, "application/json");
        }
        return new Bytes(target, facts, null);
    }

    // ---- files ------------------------------------------------------------------------------------------------------

    private void importFiles(ElixirRepository source, ImportReport report, Options options, boolean migrated,
                             boolean fresh) {
        long after = 0;
        for (List<ElixirRepository.FileRow> page; !(page = source.files(after)).isEmpty(); ) {
            for (ElixirRepository.FileRow f : page) {
                try {
                    importFile(report, options, migrated, fresh, f);
                } catch (SettingException e) {
                    throw e;
                } catch (RuntimeException e) {
                    report.skipped("files", f.id(), oneLine(e));
                }
            }
            after = page.get(page.size() - 1).id();
            options.progress().printf("files: read up to id %d%n", after);
            options.progress().flush();
        }
    }

    private void importFile(ImportReport report, Options options, boolean migrated, boolean fresh,
                            ElixirRepository.FileRow f) {
        String table = "files";
        if (f.slug() == null || f.environmentSlug() == null || f.tag() == null || f.filename() == null
                || f.path() == null) {
            report.skipped(table, f.id(), "slug, environment_slug, tag, filename or path is null");
            return;
        }
        if ((migrated && targets.imported(table, f.id())) || (!fresh && targets.fileSlugExists(f.slug()))) {
            report.present(table, 1);
            return;
        }
        // the Elixir adapters drop the path's leading '/' (Azure explicitly, S3 by building the URL path)
        String key = f.path().startsWith("/") ? f.path().substring(1) : f.path();
        StorageKey at = addressable(key);
        if (at == null) {
            report.skipped(table, f.id(), "its object key '" + key + "' cannot be read");
            return;
        }
        StorageKey target = clean(key) ? at
                : StorageKey.of("environments", f.environmentSlug(), "files", f.tag(), f.slug().toString(),
                f.filename());
        Optional<StoredObject> object = storage.get(at);
        if (object.isEmpty()) {
            report.skipped(table, f.id(), "its object " + key + " is missing");
            return;
        }
        long[] size = new long[1];
        String sha256;
        try (StoredObject o = object.get()) {
            MessageDigest digest = sha256();
            InputStream in = new DigestInputStream(o.content(), digest) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        size[0] += n;
                    }
                    return n;
                }
            };
            if (target.equals(at) || options.dryRun()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } else {
                storage.put(target, in, o.info().sizeBytes(), o.info().contentType());
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!options.dryRun()) {
            targets.insertFile(new ImportTargetRepository.NewFile(f.id(), f.slug(), f.environmentSlug(), f.tag(),
                    f.filename(), target.value(), size[0], sha256, f.insertedAt(), f.updatedAt()));
        }
        report.imported(table, 1);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** The key as it is, or null when Jade's storage cannot address it safely. */
    private static StorageKey addressable(String key) {
        try {
            return key == null ? null : StorageKey.existing(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True when Jade reads {@code key} back unchanged (it re-sanitises stored keys part by part). */
    static boolean clean(String key) {
        return StorageKey.of(key.split("/", -1)).value().equals(key);
    }

    private void copy(StorageKey from, StorageKey to, String contentType) {
        StoredObject object = storage.get(from).orElseThrow(() -> new IllegalStateException("object " + from
                + " vanished while importing"));
        try (object) {
            storage.put(to, object.content(), object.info().sizeBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String oneLine(RuntimeException e) {
        String m = e instanceof com.datacoves.jade.storage.StorageException s ? s.detail() : e.getMessage();
        return String.valueOf(m).strip().lines().findFirst().orElse(e.getClass().getSimpleName());
    }
}
