package com.datacoves.jade.artifacts;

import com.datacoves.jade.environments.EnvironmentRepository;
import com.datacoves.jade.environments.EnvironmentRow;
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
 * Finds the artifacts of a dbt Cloud run (= an Airflow DAG run), by the rules of CONTRACT §4:
 * <ul>
 *   <li>{@code manifest.json} is the manifest uploaded and linked to that DAG run (Datacoves' Airflow operator and
 *       dbt-coves upload it after the run);</li>
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
    private final EnvironmentRepository environments;

    public ArtifactService(ManifestService manifests, FileService files, EnvironmentRepository environments) {
        this.manifests = manifests;
        this.files = files;
        this.environments = environments;
    }

    /** The artifact at {@code path} of the run, or empty when Jade holds none. */
    public Optional<Artifact> find(RunRow run, String path) {
        String airflowRunId = run.dagRun().airflowRunId();
        if (path.equals(MANIFEST)) {
            return manifests.linkedManifest(run.environmentId(), run.dagRun().dagId(), airflowRunId)
                    .map(m -> new Artifact(MANIFEST, m.sizeBytes(), m.sha256(), () -> manifests.open(m)));
        }
        String stem = stem(path);
        if (stem == null) {
            return Optional.empty();
        }
        return environment(run).flatMap(env -> files.newestByTag(env.slug(), airflowRunId + "-" + stem))
                .map(f -> fileArtifact(path, f));
    }

    /** The artifact paths Jade holds for the run, sorted: the linked manifest and the run's tagged files. */
    public List<String> list(RunRow run) {
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
        return environments.findInAccount(run.accountId(), run.environmentId());
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
