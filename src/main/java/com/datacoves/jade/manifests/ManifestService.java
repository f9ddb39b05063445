package com.datacoves.jade.manifests;

import com.datacoves.jade.environments.EnvironmentRow;
import com.datacoves.jade.http.ApiException;
import com.datacoves.jade.storage.ObjectInfo;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.storage.StorageException;
import com.datacoves.jade.storage.StorageKey;
import com.datacoves.jade.storage.StoredObject;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * dbt manifests (issue #5, Jade's ManifestRepo): validated by streaming, bytes in object storage, metadata in
 * {@code manifests}.
 *
 * <p>Upload order: the part (spooled by the server) is read once, through {@link ManifestInspector} while being
 * copied to a private temporary file ({@link SpooledManifest}; Micronaut lets a part be read only once); only when
 * valid is it stored, from that file, under its final key, then the row is written, so a bad or interrupted upload leaves no row and no
 * object. Keys (CONTRACT §5, Jade's {@code Manifest.filepath}): unlinked
 * {@code accounts/{a}/environments/{env}/manifests/{manifest slug}/manifest.json}; linked
 * {@code accounts/{a}/environments/{env}/dags/{dag_id}/dag_runs/{run_id with _:.+ → -}/manifest.json}. A new upload
 * for the same DAG run replaces the previous one (same key, old rows deleted in the insert's transaction).
 */
@Singleton
public class ManifestService {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestService.class);

    private final ManifestRepository manifests;
    private final ObjectStorage storage;
    private final DagRunLookup dagRuns;
    private final TransactionOperations<Connection> tx;
    private final long maxUploadBytes;

    public ManifestService(ManifestRepository manifests, ObjectStorage storage, DagRunLookup dagRuns,
                           TransactionOperations<Connection> tx,
                           @Value("${jade.max-upload-bytes:2147483648}") long maxUploadBytes) {
        this.manifests = manifests;
        this.storage = storage;
        this.dagRuns = dagRuns;
        this.tx = tx;
        this.maxUploadBytes = maxUploadBytes;
    }

    /**
     * An upload request.
     *
     * @param environment the (authorised) environment
     * @param file        the manifest part
     * @param dagId       optional DAG id
     * @param runId       optional DAG run id
     * @param tag         optional tag, unique per environment
     */
    public record Upload(EnvironmentRow environment, CompletedFileUpload file, @Nullable String dagId,
                         @Nullable String runId, @Nullable String tag) {
    }

    /**
     * Validates, stores and records a manifest.
     *
     * @throws ApiException 413 above {@code jade.max-upload-bytes}; 422 when not a manifest or the tag is taken;
     *                      404 when {@code dag_id}+{@code run_id} name no DAG run of the environment
     * @throws StorageException when the store fails (no row is written)
     */
    public ManifestRow create(Upload upload) {
        EnvironmentRow env = upload.environment();
        if (upload.file().getSize() > maxUploadBytes) {
            throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "file is larger than the limit of " + maxUploadBytes + " bytes");
        }
        try (SpooledManifest spooled = SpooledManifest.of(upload.file(), maxUploadBytes)) {
            return store(upload, spooled);
        }
    }

    private ManifestRow store(Upload upload, SpooledManifest spooled) {
        EnvironmentRow env = upload.environment();
        ManifestFacts facts = spooled.facts();
        DagRunLookup.DagRun run = link(env, upload.dagId(), upload.runId());
        if (upload.tag() != null && manifests.findByTag(env.slug(), upload.tag()).isPresent()) {
            throw ApiException.unprocessable("tag has already been taken");
        }
        UUID slug = UUID.randomUUID();
        StorageKey key = run == null
                ? StorageKey.of("accounts", String.valueOf(env.accountId()), "environments", env.slug(), "manifests",
                slug.toString(), "manifest.json")
                : StorageKey.of("accounts", String.valueOf(env.accountId()), "environments", env.slug(), "dags",
                run.dagId(), "dag_runs", safeRunId(run.runId()), "manifest.json");
        boolean replacing = run != null && !manifests.findByDagRun(env.id(), run.id()).isEmpty();
        try (InputStream in = spooled.open()) {
            ObjectInfo info = storage.put(key, in, facts.sizeBytes(), "application/json");
            if (info.sizeBytes() != facts.sizeBytes()) {
                throw new StorageException("stored " + info.sizeBytes() + " of " + facts.sizeBytes() + " bytes at " + key);
            }
        } catch (IOException e) {
            deleteQuietly(key);
            throw new UncheckedIOException(e);
        }
        try {
            return tx.executeWrite(status -> {
                if (run != null) {
                    manifests.deleteByDagRun(env.id(), run.id());
                }
                return manifests.insert(slug, env.accountId(), env.projectId(), env.id(), env.slug(),
                        run == null ? null : run.dagId(), run == null ? null : run.id(), upload.runId(), upload.tag(),
                        facts.dbtSchemaVersion(), facts.dbtVersion(), facts.projectName(), facts.nodeCount(),
                        facts.sourceCount(), facts.sizeBytes(), facts.sha256(), key.value());
            });
        } catch (RuntimeException e) {
            if (!replacing) {
                deleteQuietly(key);
            }
            if (String.valueOf(e.getMessage()).contains("manifests_environment_tag")) {
                throw ApiException.unprocessable("tag has already been taken");
            }
            throw e;
        }
    }

    private DagRunLookup.DagRun link(EnvironmentRow env, @Nullable String dagId, @Nullable String runId) {
        if (dagId != null && runId != null) {
            return dagRuns.find(env, dagId, runId).orElseThrow(ApiException::notFound);
        }
        if (runId != null) {
            Optional<DagRunLookup.DagRun> run = dagRuns.findUnique(env, runId);
            if (run.isEmpty()) {
                LOG.info("manifest for run_id {} of {} stored unlinked: no single DAG run has that run_id", runId,
                        env.slug());
            }
            return run.orElse(null);
        }
        return null;
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
     * @throws ApiException 404 when the object is missing
     */
    public StoredObject open(ManifestRow row) {
        return storage.get(StorageKey.of(row.storageKey().split("/"))).orElseThrow(ApiException::notFound);
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
