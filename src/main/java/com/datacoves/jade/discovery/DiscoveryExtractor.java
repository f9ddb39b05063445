package com.datacoves.jade.discovery;

import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.index.RunRow;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Extracts what the Discovery API serves from dbt artifacts once they are stored (docs/discovery.md, "Where the data
 * comes from"): the upload paths call it after a store succeeded, with the stored bytes.
 *
 * <ul>
 *   <li>{@link #manifestStored}: the manifest's models, seeds, snapshots, tests and sources become the node set of
 *       the environment and DAG (replacing the previous one of that DAG; unlinked manifests share one set per
 *       environment). The environment's applied definitions are its newest set.</li>
 *   <li>{@link #fileStored}: {@code run_results} (executions; results of commands that build nothing, such as
 *       {@code dbt docs generate} or {@code compile}, are skipped as dbt Cloud does), {@code catalog} (columns, types,
 *       stats) and {@code sources} (freshness). Other stems are ignored.</li>
 * </ul>
 *
 * <p>Artifacts are read with a streaming parser, one node at a time ({@link ArtifactJson}), and written as they are
 * read by PostgreSQL's COPY ({@link CopyRows}); nothing holds a whole artifact. Extraction never fails an upload: every error is logged at WARN and recorded in
 * {@code discovery_extractions} with outcome {@code failed}. The {@code …Later} variants run on one background thread
 * (extractions of an environment must not interleave), so an upload's answer does not wait for them.
 */
@Singleton
public class DiscoveryExtractor {

    /** Opens a stored artifact's bytes; the extractor closes the stream. */
    @FunctionalInterface
    public interface Opener {
        /** @return the artifact's bytes */
        InputStream open() throws IOException;
    }

    /** Stems of environment files the extractor reads (the {@code <stem>} of a {@code <run_id>-<stem>} tag). */
    public static final List<String> STEMS = List.of("run_results", "catalog", "sources");

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryExtractor.class);

    private final DiscoveryRepository repository;
    private final RunIndexRepository runs;
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1000), r -> {
        Thread t = new Thread(r, "discovery-extractor");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param repository where extracted rows go
     * @param runs       Jade's run index, to name the dbt Cloud run and job of an Airflow run id
     */
    public DiscoveryExtractor(DiscoveryRepository repository, RunIndexRepository runs) {
        this.repository = repository;
        this.runs = runs;
    }

    /**
     * Extracts a stored manifest now. Never throws.
     *
     * @param environmentId the Datacoves environment
     * @param dagId         the DAG the manifest is linked to, or null (then it belongs to the environment's unlinked
     *                      set)
     * @param airflowRunId  Airflow's run id of the upload, or null
     * @param runId         the dbt Cloud run id when the caller knows it, else null (looked up in the run index)
     * @param manifest      the manifest's bytes (read to the end and closed)
     */
    public void manifestStored(long environmentId, @Nullable String dagId, @Nullable String airflowRunId,
                               @Nullable Long runId, InputStream manifest) {
        OffsetDateTime started = OffsetDateTime.now();
        String scope = dagId == null ? "" : dagId;
        long set = -1;
        try (InputStream in = manifest) {
            RunIds ids = ids(environmentId, dagId, airflowRunId, runId);
            repository.dropAbandonedSets(environmentId);
            set = repository.beginSet(environmentId, scope, airflowRunId, ids.runId(), ids.jobId());
            long t0 = System.nanoTime();
            DiscoveryRepository.Loaded<ManifestReader.Metadata> loaded =
                    repository.copyNodes(set, sink -> ManifestReader.read(in, sink));
            int count = Math.toIntExact(loaded.rows());
            repository.commitSet(set, environmentId, scope, loaded.result(), count);
            long t1 = System.nanoTime();
            repository.refreshPlannerData("manifest", count);
            done(environmentId, "manifest", airflowRunId, null, count, started, t0, t1);
        } catch (Exception e) {
            if (set >= 0) {
                dropQuietly(set);
            }
            failed(environmentId, "manifest", airflowRunId, e, started);
        }
    }

    /**
     * Extracts a stored environment file now. Never throws.
     *
     * @param environmentId the Datacoves environment
     * @param airflowRunId  the {@code <run_id>} of the file's tag
     * @param stem          {@code run_results}, {@code catalog} or {@code sources}; anything else is ignored
     * @param bytes         the file's bytes (read to the end and closed)
     */
    public void fileStored(long environmentId, String airflowRunId, String stem, InputStream bytes) {
        OffsetDateTime started = OffsetDateTime.now();
        try (InputStream in = bytes) {
            if (!STEMS.contains(stem)) {
                return;
            }
            RunIds ids = ids(environmentId, null, airflowRunId, null);
            switch (stem) {
                case "run_results" -> runResults(environmentId, airflowRunId, ids, in, started);
                case "catalog" -> catalog(environmentId, airflowRunId, ids, in, started);
                default -> sources(environmentId, airflowRunId, ids, in, started);
            }
        } catch (Exception e) {
            failed(environmentId, stem, airflowRunId, e, started);
        }
    }

    /** {@link #manifestStored} on the background thread, opening the bytes there. Never throws. */
    public void manifestStoredLater(long environmentId, @Nullable String dagId, @Nullable String airflowRunId,
                                    @Nullable Long runId, Opener opener) {
        submit(environmentId, "manifest", airflowRunId, () ->
                manifestStored(environmentId, dagId, airflowRunId, runId, opener.open()));
    }

    /**
     * {@link #fileStored} on the background thread for a file whose tag is {@code <Airflow run id>-<stem>} with a
     * stem of {@link #STEMS}; other tags are ignored. Never throws.
     */
    public void fileStoredLater(long environmentId, String tag, Opener opener) {
        String[] parts = splitTag(tag);
        if (parts == null) {
            return;
        }
        submit(environmentId, parts[1], parts[0], () -> fileStored(environmentId, parts[0], parts[1], opener.open()));
    }

    /** {@code [airflowRunId, stem]} of a {@code <run_id>-<stem>} tag with a known stem, else null. */
    @Nullable
    public static String[] splitTag(@Nullable String tag) {
        if (tag == null) {
            return null;
        }
        for (String stem : STEMS) {
            String suffix = "-" + stem;
            if (tag.endsWith(suffix) && tag.length() > suffix.length()) {
                return new String[]{tag.substring(0, tag.length() - suffix.length()), stem};
            }
        }
        return null;
    }

    private interface Job {
        void run() throws IOException;
    }

    private void submit(long environmentId, String artifact, @Nullable String airflowRunId, Job job) {
        OffsetDateTime queued = OffsetDateTime.now();
        try {
            background.execute(() -> {
                try {
                    job.run();
                } catch (Exception e) {
                    failed(environmentId, artifact, airflowRunId, e, queued);
                }
            });
        } catch (RejectedExecutionException e) {
            failed(environmentId, artifact, airflowRunId, new IOException("extraction queue full"), queued);
        }
    }

    private void runResults(long environmentId, String airflowRunId, RunIds ids, InputStream in,
                            OffsetDateTime started) throws IOException {
        long t0 = System.nanoTime();
        DiscoveryRepository.Loaded<RunResultsReader.Summary> loaded = repository.storeRunResults(environmentId,
                airflowRunId, ids.dagId(), ids.runId(), ids.jobId(), started, sink -> RunResultsReader.read(in, sink));
        long t1 = System.nanoTime();
        RunResultsReader.Summary r = loaded.result();
        if (!r.executes()) {
            repository.recordExtraction(environmentId, "run_results", airflowRunId, "skipped",
                    "results of `dbt " + r.which() + "` are not executions", 0, started);
            return;
        }
        repository.refreshPlannerData("run_results", loaded.rows());
        done(environmentId, "run_results", airflowRunId, r.which(), loaded.rows(), started, t0, t1);
    }

    private void catalog(long environmentId, String airflowRunId, RunIds ids, InputStream in,
                         OffsetDateTime started) throws IOException {
        long t0 = System.nanoTime();
        DiscoveryRepository.Loaded<OffsetDateTime> loaded = repository.upsertCatalog(environmentId, airflowRunId,
                ids.runId(), ids.jobId(), started, sink -> CatalogReader.read(in, sink));
        long t1 = System.nanoTime();
        repository.refreshPlannerData("catalog", loaded.rows());
        done(environmentId, "catalog", airflowRunId, null, loaded.rows(), started, t0, t1);
    }

    private void sources(long environmentId, String airflowRunId, RunIds ids, InputStream in,
                         OffsetDateTime started) throws IOException {
        long t0 = System.nanoTime();
        DiscoveryRepository.Loaded<OffsetDateTime> loaded = repository.upsertFreshness(environmentId, airflowRunId,
                ids.runId(), ids.jobId(), started, sink -> SourcesReader.read(in, sink));
        long t1 = System.nanoTime();
        repository.refreshPlannerData("sources", loaded.rows());
        done(environmentId, "sources", airflowRunId, null, loaded.rows(), started, t0, t1);
    }

    /** The dbt Cloud run and job of an Airflow run, from the run index. */
    private record RunIds(@Nullable String dagId, @Nullable Long runId, @Nullable Long jobId) {
    }

    private RunIds ids(long environmentId, @Nullable String dagId, @Nullable String airflowRunId,
                       @Nullable Long runId) {
        if (airflowRunId == null) {
            return new RunIds(dagId, runId, null);
        }
        Optional<RunRow> row;
        if (dagId != null) {
            row = runs.find(environmentId, dagId, airflowRunId);
        } else {
            List<RunRow> matches = runs.findByAirflowRunId(environmentId, airflowRunId);
            row = matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
        }
        return row.map(r -> new RunIds(r.dagRun().dagId(), runId != null ? runId : r.id(), r.jobId()))
                .orElse(new RunIds(dagId, runId, null));
    }

    /**
     * Records a finished extraction and logs its phases at INFO: reading the artifact and writing its rows (one
     * stream: the COPY goes as fast as the slower of the two), then the planner data refresh.
     */
    private void done(long environmentId, String artifact, @Nullable String airflowRunId, @Nullable String detail,
                      long rows, OffsetDateTime started, long loadStartNanos, long loadEndNanos) {
        long now = System.nanoTime();
        repository.recordExtraction(environmentId, artifact, airflowRunId, "done", detail, rows, started);
        LOG.info("discovery: extracted {} of environment {} (run {}): {} rows; reading and writing {} ms, planner"
                        + " data {} ms", artifact, environmentId, airflowRunId, rows,
                (loadEndNanos - loadStartNanos) / 1_000_000, (now - loadEndNanos) / 1_000_000);
    }

    private void failed(long environmentId, String artifact, @Nullable String airflowRunId, Exception e,
                        OffsetDateTime started) {
        LOG.warn("discovery: extracting {} of environment {} (run {}) failed: {}", artifact, environmentId,
                airflowRunId, e.toString());
        try {
            repository.recordExtraction(environmentId, artifact, airflowRunId, "failed",
                    ArtifactJson.cut(e.toString()), 0, started);
        } catch (RuntimeException again) {
            LOG.warn("discovery: could not record the failure: {}", again.toString());
        }
    }

    private void dropQuietly(long set) {
        try {
            repository.dropSet(set);
        } catch (RuntimeException e) {
            LOG.warn("discovery: could not drop node set {}: {}", set, e.toString());
        }
    }

    /** Lets queued extractions finish (up to 30 s) when the server stops. */
    @PreDestroy
    void close() throws InterruptedException {
        background.shutdown();
        background.awaitTermination(30, TimeUnit.SECONDS);
    }
}
