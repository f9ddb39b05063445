package com.datacoves.jade.artifacts;

import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.ObjectResponses;
import com.datacoves.jade.environments.EnvironmentRepository;
import com.datacoves.jade.index.JobIndexRepository;
import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.index.RunRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Optional;

/**
 * dbt Cloud's artifact routes (API v2 "List Run Artifacts", "Retrieve Run Artifact", "Retrieve Job Artifact"):
 * artifact lists are enveloped; artifact files are answered raw, not enveloped, with {@code Content-Type},
 * {@code Content-Length} and a strong {@code ETag} (the SHA-256), honouring {@code If-None-Match} (304).
 * {@code step} is accepted and ignored: an Airflow DAG run is one dbt Cloud run step.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dbt Cloud: artifacts")
public class ArtifactController {

    private final RunIndexRepository runs;
    private final JobIndexRepository jobs;
    private final EnvironmentRepository environments;
    private final ArtifactFinder finder;
    private final ArtifactService artifacts;
    private final ObjectResponses objects;

    public ArtifactController(RunIndexRepository runs, JobIndexRepository jobs, EnvironmentRepository environments,
                              ArtifactFinder finder, ArtifactService artifacts, ObjectResponses objects) {
        this.objects = objects;
        this.runs = runs;
        this.jobs = jobs;
        this.environments = environments;
        this.finder = finder;
        this.artifacts = artifacts;
    }

    /** {@code {"status":…,"data":["manifest.json","run_results.json",…]}}; 404 for a run not in the account. */
    @Get("/api/v2/accounts/{accountId}/runs/{runId}/artifacts")
    @Operation(summary = "List the artifact paths of a run")
    public Envelope list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                         @PathVariable long runId, @Nullable @QueryValue Integer step) {
        return Envelope.of(artifacts.list(run(caller, runId)));
    }

    /** The raw artifact file of a run; 404 when the run or the artifact is unknown. */
    @Get("/api/v2/accounts/{accountId}/runs/{runId}/artifacts/{+path}")
    @Hidden // documented in openapi/additions/artifact-files.yml: the generator cannot express {+path}
    public MutableHttpResponse<ByteBody> runArtifact(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                              @PathVariable long accountId, @PathVariable long runId,
                                              @PathVariable String path, @Nullable @QueryValue Integer step,
                                              @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return answer(artifacts.find(run(caller, runId), path), ifNoneMatch);
    }

    /** The raw artifact file from the newest run of the job that has it; 404 when none has. */
    @Get("/api/v2/accounts/{accountId}/jobs/{jobId}/artifacts/{+path}")
    @Hidden // documented in openapi/additions/artifact-files.yml: the generator cannot express {+path}
    public MutableHttpResponse<ByteBody> jobArtifact(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                              @PathVariable long accountId, @PathVariable long jobId,
                                              @PathVariable String path, @Nullable @QueryValue Integer step,
                                              @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        long account = caller.accountId();
        Optional<RunRow> run = jobs.find(account, jobId)
                .flatMap(job -> environments.findInAccount(account, job.environmentId()))
                .flatMap(env -> finder.newestRunWith(account, jobId, env.slug(), path))
                .flatMap(id -> runs.find(account, id));
        return answer(run.flatMap(r -> artifacts.find(r, path)), ifNoneMatch);
    }

    private RunRow run(Caller caller, long runId) {
        return runs.find(caller.accountId(), runId).orElseThrow(NotFoundException::new);
    }

    private MutableHttpResponse<ByteBody> answer(Optional<Artifact> found, String ifNoneMatch) {
        Artifact artifact = found.orElseThrow(NotFoundException::new);
        String etag = "\"" + artifact.sha256() + "\"";
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            return HttpResponse.<ByteBody>notModified().header(HttpHeaders.ETAG, etag);
        }
        MediaType type = artifact.path().endsWith(".json") ? MediaType.APPLICATION_JSON_TYPE
                : MediaType.APPLICATION_OCTET_STREAM_TYPE;
        return objects.ok(artifact.opener().get(), type).header(HttpHeaders.ETAG, etag);
    }
}
