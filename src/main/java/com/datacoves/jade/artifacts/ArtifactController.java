package com.datacoves.jade.artifacts;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.dbtcloud.Enveloped;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.ObjectResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.body.ByteBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;


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

    private final ArtifactService artifacts;
    private final ObjectResponses objects;

    /** Serves artifacts found by the artifact service through the one download path. */
    public ArtifactController(ArtifactService artifacts, ObjectResponses objects) {
        this.objects = objects;
        this.artifacts = artifacts;
    }

    /** {@code {"status":…,"data":["manifest.json","run_results.json",…]}}; 404 for a run not in the account. */
    @Get("/api/v2/accounts/{accountId}/runs/{runId}/artifacts")
    @Operation(summary = "List the artifact paths of a run")
    @ApiResponse(responseCode = "200", description = "the artifact paths",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.ArtifactList.class)))
    public Envelope list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                         @PathVariable long runId, @Nullable @QueryValue Integer step) {
        return Envelope.of(artifacts.list(caller, accountId, runId));
    }

    /** The raw artifact file of a run; 404 when the run or the artifact is unknown. */
    @Get("/api/v2/accounts/{accountId}/runs/{runId}/artifacts/{+path}")
    @Hidden // documented in openapi/additions/artifact-files.yml: the generator cannot express {+path}
    public MutableHttpResponse<ByteBody> runArtifact(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                              @PathVariable long accountId, @PathVariable long runId,
                                              @PathVariable String path, @Nullable @QueryValue Integer step,
                                              @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return answer(artifacts.ofRun(caller, accountId, runId, path), ifNoneMatch);
    }

    /** The raw artifact file from the newest run of the job that has it; 404 when none has. */
    @Get("/api/v2/accounts/{accountId}/jobs/{jobId}/artifacts/{+path}")
    @Hidden // documented in openapi/additions/artifact-files.yml: the generator cannot express {+path}
    public MutableHttpResponse<ByteBody> jobArtifact(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                              @PathVariable long accountId, @PathVariable long jobId,
                                              @PathVariable String path, @Nullable @QueryValue Integer step,
                                              @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return answer(artifacts.ofJob(caller, accountId, jobId, path), ifNoneMatch);
    }

    private MutableHttpResponse<ByteBody> answer(Artifact artifact, String ifNoneMatch) {
        String etag = "\"" + artifact.sha256() + "\"";
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            return HttpResponse.<ByteBody>notModified().header(HttpHeaders.ETAG, etag);
        }
        MediaType type = artifact.path().endsWith(".json") ? MediaType.APPLICATION_JSON_TYPE
                : MediaType.APPLICATION_OCTET_STREAM_TYPE;
        return objects.ok(artifact.opener().get(), type).header(HttpHeaders.ETAG, etag);
    }
}
