package com.datacoves.jade.manifests;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.UnprocessableException;
import com.datacoves.jade.common.UpstreamUnavailableException;
import com.datacoves.jade.airflow.AirflowDatabase;
import com.datacoves.jade.airflow.AirflowDatabases;
import com.datacoves.jade.airflow.DagRunRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.discovery.DiscoveryExtractor;
import com.datacoves.jade.index.IndexScheduler;
import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.index.RunRow;
import com.datacoves.jade.http.MultipartStream;
import com.datacoves.jade.storage.ObjectInfo;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.storage.StorageException;
import com.datacoves.jade.storage.StorageKey;
import com.datacoves.jade.storage.StoredObject;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * dbt manifests (Jade's ManifestRepo): validated while streaming, bytes in object storage, metadata in
 * {@code manifests}.
 *
 * <p>Upload order: {@link #target} decides from the form fields where the manifest goes (the DAG run it is linked to,
 * 404 when named and absent; the tag, 422 when taken; the storage key) before any byte of the file is read;
 * {@link #write} streams the file part once into {@link ObjectStorage#put}, through a {@link ManifestInspector} that
 * makes the put fail (nothing visible) unless the bytes are a whole manifest; {@link #record} then inserts the row and
 * removes the object again when that fails. So a bad or interrupted upload leaves no row and no object.
 * {@link ManifestUploads} drives these steps in the order the multipart parts arrive.
 *
 * <p>Keys (docs/datacoves-api.md, Jade's {@code Manifest.filepath}): unlinked
 * {@code accounts/{a}/environments/{env}/manifests/{manifest slug}/manifest.json}; linked
 * {@code accounts/{a}/environments/{env}/dags/{dag_id}/dag_runs/{run_id with _:.+ → -}/manifest.json}. A new upload
 * for the same DAG run replaces the previous one (same key, old rows deleted in the insert's transaction).
 */
@Singleton
public class ManifestService {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestService.class);
    private static final String JSON = "application/json";

    private final ManifestRepository manifests;
    private final ObjectStorage storage;
    private final RunIndexRepository runs;
    private final AirflowDatabases airflow;
    private final DagRunRepository dagRuns;
    private final long maxUploadBytes;
    private final ExecutorService validators;
    private final DiscoveryExtractor discovery;
    private final IndexScheduler index;

    /**
     * @param validators runs each upload's validation next to its storage ({@link InspectedStream}): Micronaut's I/O
     *                   pool, one task per upload in progress
     */
    public ManifestService(ManifestRepository manifests, ObjectStorage storage, RunIndexRepository runs,
                           AirflowDatabases airflow, DagRunRepository dagRuns,
                           @Value("${jade.max-upload-bytes:2147483648}") long maxUploadBytes,
                           @Named(TaskExecutors.IO) ExecutorService validators, DiscoveryExtractor discovery,
                           IndexScheduler index) {
        this.index = index;
        this.validators = validators;
        this.discovery = discovery;
        this.manifests = manifests;
        this.storage = storage;
        this.runs = runs;
        this.airflow = airflow;
        this.dagRuns = dagRuns;
        this.maxUploadBytes = maxUploadBytes;
    }

    /**
     * The form fields of an upload.
     *
     * @param environment the (authorised) environment
     * @param dagId       optional DAG id
     * @param runId       optional DAG run id
     * @param tag         optional tag, unique per environment
     */
    public record Upload(EnvironmentRow environment, @Nullable String dagId, @Nullable String runId,
                         @Nullable String tag) {
    }

    /**
     * Where an upload is stored, decided before its bytes are read.
     *
     * @param slug      the manifest's public id (part of an unlinked key)
     * @param run       the DAG run it is linked to, or null
     * @param key       its storage key
     * @param replacing true when a manifest of the same DAG run exists: the put overwrites its object (same key)
     */
    public record Target(UUID slug, @Nullable DagRun run, StorageKey key, boolean replacing) {
    }

    /**
     * The Airflow DAG run a manifest is linked to.
     *
     * @param dagRunId     Airflow's {@code dag_run.id}
     * @param dagId        the DAG id
     * @param airflowRunId Airflow's {@code run_id}
     */
    public record DagRun(long dagRunId, String dagId, String airflowRunId) {
    }

    /** Largest accepted manifest in bytes ({@code jade.max-upload-bytes}). */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /**
     * Decides where the upload goes, with a new slug.
     *
     * @throws JadeException 404 when {@code dag_id}+{@code run_id} name no DAG run of the environment (or Jade has no
     *                      Airflow database for it); 422 when the tag is taken
     */
    public Target target(Upload upload) {
        return target(upload, UUID.randomUUID());
    }

    /** {@link #target(Upload)} keeping {@code slug} (when the fields are completed after the bytes were stored). */
    Target target(Upload upload, UUID slug) {
        EnvironmentRow env = upload.environment();
        DagRun run = link(env, upload.dagId(), upload.runId());
        if (upload.tag() != null && manifests.findByTag(env.slug(), upload.tag()).isPresent()) {
            throw new UnprocessableException("tag has already been taken");
        }
        StorageKey key = run == null
                ? StorageKey.of("accounts", String.valueOf(env.accountId()), "environments", env.slug(), "manifests",
                slug.toString(), "manifest.json")
                : StorageKey.of("accounts", String.valueOf(env.accountId()), "environments", env.slug(), "dags",
                run.dagId(), "dag_runs", safeRunId(run.airflowRunId()), "manifest.json");
        boolean replacing = run != null && !manifests.findByDagRun(env.id(), run.dagRunId()).isEmpty();
        return new Target(slug, run, key, replacing);
    }

    /**
     * Streams the file part once into storage under the target's key, validating it on the way (the adapter's put
     * reads it through an {@link InspectedStream}); the object becomes visible only when the whole part was read
     * and accepted.
     *
     * @return what validation found
     * @throws JadeException 413 above {@code jade.max-upload-bytes}; 422 when not a manifest — nothing is stored in
     *                      these cases
     * @throws StorageException when the store fails, or the part could not be read to its end (nothing is visible;
     *                          {@link MultipartStream.Part#consume} tells the client's failure from the store's)
     */
    public ManifestFacts write(Target target, InputStream part) {
        InspectedStream in = new InspectedStream(part, maxUploadBytes, validators);
        ObjectInfo info;
        try {
            info = storage.put(target.key(), in, -1, JSON);
        } catch (RuntimeException e) {
            if (in.rejection() != null) {
                throw in.rejection();
            }
            throw e;
        } finally {
            in.close();
        }
        ManifestFacts facts = in.facts();
        if (facts == null || info.sizeBytes() != facts.sizeBytes()) {
            // an adapter that stopped before the end of input: never keep bytes that were not fully validated
            discard(target);
            throw new StorageException("storage: object '" + target.key() + "' was stored before its end ("
                    + info.sizeBytes() + " bytes)");
        }
        return facts;
    }

    /**
     * Stores a manifest already validated into a temporary file (the file part arrived before the fields).
     *
     * @throws StorageException when the store fails (nothing is visible)
     */
    ManifestFacts write(Target target, SpooledManifest spooled) {
        ManifestFacts facts = spooled.facts();
        try (InputStream in = spooled.open()) {
            storage.put(target.key(), in, facts.sizeBytes(), JSON);
        } catch (IOException e) {
            discard(target);
            throw new UncheckedIOException(e);
        }
        return facts;
    }

    /**
     * Copies a stored upload to another target's key and removes it from the first (when fields arriving after the
     * file part linked the manifest to a DAG run). Rare: clients send the fields first.
     *
     * @throws StorageException when the store fails (the copy is then not visible; the first object stays)
     */
    void move(Target from, Target to) {
        StoredObject object = storage.get(from.key())
                .orElseThrow(() -> new StorageException("storage: object '" + from.key() + "' vanished"));
        try (object) {
            storage.put(to.key(), object.content(), object.info().sizeBytes(), JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        discard(from);
    }

    /**
     * Inserts the row of a stored manifest (deleting the DAG run's previous rows in the same transaction). When the
     * insert fails the object is removed again (unless it replaced an older manifest of the DAG run).
     *
     * @throws JadeException 422 when the tag was taken meanwhile
     */
    public ManifestRow record(Upload upload, Target target, ManifestFacts facts) {
        EnvironmentRow env = upload.environment();
        DagRun run = target.run();
        ManifestRow row;
        try {
            row = manifests.inTransaction(h -> {
                if (run != null) {
                    manifests.deleteByDagRun(h, env.id(), run.dagRunId());
                }
                return manifests.insert(h, target.slug(), env.accountId(), env.projectId(), env.id(), env.slug(),
                        run == null ? null : run.dagId(), run == null ? null : run.dagRunId(), upload.runId(), upload.tag(),
                        facts.dbtSchemaVersion(), facts.dbtVersion(), facts.projectName(), facts.nodeCount(),
                        facts.sourceCount(), facts.sizeBytes(), facts.sha256(), target.key().value());
            });
        } catch (RuntimeException e) {
            discard(target);
            if (String.valueOf(e.getMessage()).contains("manifests_environment_tag")) {
                throw new UnprocessableException("tag has already been taken");
            }
            throw e;
        }
        // the Discovery API's data, read back from storage in the background; never fails the upload
        discovery.manifestStoredLater(env.id(), run == null ? null : run.dagId(),
                run == null ? upload.runId() : run.airflowRunId(), null, () -> open(row).content());
        return row;
    }

    /**
     * Removes an upload's object after a later step failed, unless it replaced an older manifest of the same DAG run
     * (whose row still points to that key).
     */
    void discard(Target target) {
        if (!target.replacing()) {
            deleteQuietly(target.key());
        }
    }

    /**
     * The DAG run an upload names. With {@code dag_id} and {@code run_id}: Jade's index, else the environment's Airflow
     * database (a run created in the last seconds); 404 when neither has it, 404 {@code Airflow Repo for Environment
     * <slug> not found.} (Jade's text) when Jade reads no Airflow for the environment, 503 when that database cannot
     * be read. With {@code run_id} alone (dbt-coves): the index's DAG run with that run_id when exactly one DAG has
     * one, else none (the manifest is stored unlinked). Airflow has no index on {@code run_id} alone, so that case
     * never queries Airflow (docs/datacoves-api.md, "Linking a manifest to its DAG run").
     */
    private DagRun link(EnvironmentRow env, @Nullable String dagId, @Nullable String runId) {
        if (dagId != null && runId != null) {
            Optional<RunRow> indexed = runs.find(env.id(), dagId, runId);
            if (indexed.isPresent() && indexed.get().dagRun().dagRunId() != null) {
                return of(indexed.get());
            }
            AirflowDatabase db = airflow.forEnvironment(env).orElseThrow(() -> new NotFoundException("Airflow Repo for Environment " + env.slug() + " not found."));
            try {
                return dagRuns.find(db, dagId, runId)
                        .map(r -> new DagRun(r.dagRunId(), r.dagId(), r.airflowRunId()))
                        .orElseThrow(NotFoundException::new);
            } catch (org.jdbi.v3.core.JdbiException e) {
                throw new UpstreamUnavailableException("Airflow database of environment " + env.slug() + " is unavailable.");
            }
        }
        if (runId != null) {
            // run_id alone is looked up in the index (Airflow has no index on run_id alone): wait for the environment's
            // first pass, so that an upload right after Jade starts does not go unlinked
            index.awaitFresh(List.of(env));
            List<RunRow> matches = runs.findByAirflowRunId(env.id(), runId);
            if (matches.size() == 1 && matches.get(0).dagRun().dagRunId() != null) {
                return of(matches.get(0));
            }
            LOG.info("manifest for run_id {} of {} stored unlinked: no single DAG run has that run_id", runId,
                    env.slug());
        }
        return null;
    }

    private static DagRun of(RunRow r) {
        return new DagRun(r.dagRun().dagRunId(), r.dagRun().dagId(), r.dagRun().airflowRunId());
    }

    /** Jade's {@code safe_run_id}: every {@code _ : . +} becomes {@code -}. */
    static String safeRunId(String runId) {
        return runId.replaceAll("[_:.+]", "-");
    }

    /** The environment's newest manifest, or its newest for a DAG, or the one with that tag (that precedence). */
    public Optional<ManifestRow> find(EnvironmentRow env, @Nullable String dagId, @Nullable String tag) {
        if (dagId != null) {
            return manifests.findLatestForDag(env.id(), dagId);
        }
        if (tag != null) {
            return manifests.findByTag(env.slug(), tag);
        }
        return manifests.findLatestInEnvironment(env.id());
    }

    /** The project's newest manifest. */
    public Optional<ManifestRow> latestInProject(long projectId) {
        return manifests.findLatestInProject(projectId);
    }

    /**
     * The manifest linked to a DAG run (for the dbt Cloud artifact routes: {@code manifest.json} of a run); its
     * {@link ManifestRow#storageKey()} and metadata. Open it with {@link #open(ManifestRow)}.
     *
     * @param environmentId Datacoves environment id
     * @param dagId         Airflow DAG id
     * @param runId         Airflow run id
     */
    public Optional<ManifestRow> linkedManifest(long environmentId, String dagId, String runId) {
        return manifests.findLinked(environmentId, dagId, runId);
    }

    /**
     * Opens the stored bytes; the caller closes them.
     *
     * @throws JadeException 404 when the object is missing
     */
    public StoredObject open(ManifestRow row) {
        return storage.get(StorageKey.of(row.storageKey().split("/"))).orElseThrow(NotFoundException::new);
    }

    /** Every manifest of the environment, newest first. */
    public List<ManifestRow> list(long environmentId) {
        return manifests.findAllInEnvironment(environmentId);
    }

    private void deleteQuietly(StorageKey key) {
        try {
            storage.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("could not remove object {}: {}", key, e.getMessage());
        }
    }
}
