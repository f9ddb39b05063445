package com.datacoves.jade.artifacts;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.environments.EnvironmentScope;
import com.datacoves.jade.environments.EnvironmentService;
import com.datacoves.jade.index.JobIndexRepository;
import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.files.FileRow;
import com.datacoves.jade.files.FileService;
import com.datacoves.jade.manifests.ManifestService;
import com.datacoves.jade.index.RunRow;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds the artifacts of a dbt Cloud run (= an Airflow DAG run), by the rules of README, "The dbt Cloud API":
 * <ul>
 *   <li>{@code manifest.json} is the manifest uploaded and linked to that DAG run (Datacoves' Airflow operator and
 *       dbt-coves upload it after the run), else, like any other path, the newest file tagged
 *       {@code <run_id>-manifest};</li>
 *   <li>any other {@code <stem>.<ext>} (typically {@code run_results.json}, {@code catalog.json},
 *       {@code sources.json}) is the newest environment file tagged {@code <DAG run run_id>-<stem>}, the tag
 *       Datacoves' Airflow decorator gives them.</li>
 * </ul>
 * A DAG run has one step, so dbt Cloud's {@code step} parameter does not change the answer.
 */
@Singleton
public class ArtifactService {

    static final String MANIFEST = "manifest.json";

    private final ManifestService manifests;
    private final FileService files;
    private final EnvironmentService environments;
    private final RunIndexRepository runs;
    private final JobIndexRepository jobs;
    private final ArtifactFinder finder;

    /** Reads the index, the caller's environments and the stored manifests and files. */
    public ArtifactService(ManifestService manifests, FileService files, EnvironmentService environments,
                           RunIndexRepository runs, JobIndexRepository jobs, ArtifactFinder finder) {
        this.manifests = manifests;
        this.files = files;
        this.environments = environments;
        this.runs = runs;
        this.jobs = jobs;
        this.finder = finder;
    }

    /**
     * The artifact paths Jade holds for the run, sorted.
     *
     * @throws NotFoundException when the run is not one the caller reaches
     */
    public List<String> list(Caller caller, long accountId, long runId) {
        return list(run(caller, accountId, runId));
    }

    /**
     * The artifact at {@code path} of the run.
     *
     * @throws NotFoundException when the run is not one the caller reaches or Jade holds no such artifact
     */
    public Artifact ofRun(Caller caller, long accountId, long runId, String path) {
        return find(run(caller, accountId, runId), path).orElseThrow(NotFoundException::new);
    }

    /**
     * The artifact at {@code path} from the newest run of the job that has it (dbt Cloud "Retrieve Job Artifact").
     *
     * @throws NotFoundException when the job is not one the caller reaches or none of its runs has the artifact
     */
    public Artifact ofJob(Caller caller, long accountId, long jobId, String path) {
        EnvironmentScope scope = environments.scope(caller, accountId);
        return jobs.find(accountId, jobId).filter(j -> scope.contains(j.environmentId()))
                .flatMap(job -> finder.newestRunWith(accountId, jobId,
                        scope.environments().get(job.environmentId()).slug(), path))
                .flatMap(id -> runs.find(accountId, id))
                .flatMap(r -> find(r, path))
                .orElseThrow(NotFoundException::new);
    }

    private RunRow run(Caller caller, long accountId, long runId) {
        EnvironmentScope scope = environments.scope(caller, accountId);
        return runs.find(accountId, runId).filter(r -> scope.contains(r.environmentId()))
                .orElseThrow(NotFoundException::new);
    }

    /** The artifact at {@code path} of the run, or empty when Jade holds none. */
    Optional<Artifact> find(RunRow run, String path) {
        String airflowRunId = run.dagRun().airflowRunId();
        if (path.equals(MANIFEST)) {
            Optional<Artifact> linked = manifests.linkedManifest(run.environmentId(), run.dagRun().dagId(), airflowRunId)
                    .map(m -> new Artifact(MANIFEST, m.sizeBytes(), m.sha256(), () -> manifests.open(m)));
            if (linked.isPresent()) {
                return linked;
            }
        }
        String stem = stem(path);
        if (stem == null) {
            return Optional.empty();
        }
        return environment(run).flatMap(env -> files.newestByTag(env.slug(), airflowRunId + "-" + stem))
                .map(f -> fileArtifact(path, f));
    }

    /** The artifact paths Jade holds for the run, sorted: the linked manifest and the run's tagged files. */
    List<String> list(RunRow run) {
        TreeSet<String> paths = new TreeSet<>();
        String airflowRunId = run.dagRun().airflowRunId();
        manifests.linkedManifest(run.environmentId(), run.dagRun().dagId(), airflowRunId).ifPresent(m -> paths.add(MANIFEST));
        environment(run).ifPresent(env -> files.listByTagPrefix(env.slug(), airflowRunId + "-").forEach(f -> {
            String stem = f.tag().substring(airflowRunId.length() + 1);
            String name = f.filename();
            // the file answers to <stem>.<its extension> (run_results.json for tag <run_id>-run_results)
            int dot = name.lastIndexOf('.');
            paths.add(stem + (dot >= 0 ? name.substring(dot) : ""));
        }));
        return new ArrayList<>(paths);
    }

    private Optional<EnvironmentRow> environment(RunRow run) {
        return environments.environment(run.accountId(), run.environmentId());
    }

    private Artifact fileArtifact(String path, FileRow f) {
        return new Artifact(path, f.sizeBytes(), f.sha256(), () -> files.open(f));
    }

    /** {@code run_results} for {@code run_results.json}; null for paths with folders or without a stem. */
    static String stem(String path) {
        if (path.isEmpty() || path.contains("/") || path.contains("\\")) {
            return null;
        }
        int dot = path.lastIndexOf('.');
        String stem = dot < 0 ? path : path.substring(0, dot);
        return stem.isEmpty() ? null : stem;
    }
}
