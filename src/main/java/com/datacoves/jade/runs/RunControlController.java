package com.datacoves.jade.runs;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.dbtcloud.Enveloped;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.RequestUrls;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Map;

/**
 * The dbt Cloud write routes for runs: trigger ({@code POST …/jobs/{id}/run/}), retry ({@code POST …/jobs/{id}/rerun/})
 * and cancel ({@code POST …/runs/{id}/cancel/}). Each needs a key created with {@code allow_trigger} (else 403) and
 * calls the environment's Airflow REST API ({@link RunControlService}). Answers are the dbt Cloud run envelope.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dbt Cloud: runs")
public class RunControlController {

    private final RunControlService service;
    private final RequestUrls urls;

    /** Uses the run-control service. */
    public RunControlController(RunControlService service, RequestUrls urls) {
        this.service = service;
        this.urls = urls;
    }

    /** {@code POST /api/v2/accounts/{a}/jobs/{id}/run/}: a new DAG run, answered as a queued run (status 1). */
    @Post(value = "/api/v2/accounts/{accountId}/jobs/{id}/run",
            consumes = {MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA,
                    MediaType.TEXT_PLAIN})
    @Operation(summary = "Trigger job run (new Airflow DAG run)", description = "Body: dbt Cloud TriggerRunRequest "
            + "(JSON, form or multipart); cause required, every other field optional; unknown keys and nulls are "
            + "ignored. Creates a DAG run through the environment's Airflow REST API with run_id "
            + "jade__<UTC time>__<random>, note = cause and conf {\"dbt_cloud\": {cause and the given fields}}. "
            + "Needs a key with allow_trigger (else 403). 400 without cause; 409 when the DAG is paused or inactive; "
            + "502 when Airflow's API fails or is unreachable.")
    @ApiResponse(responseCode = "200", description = "the queued run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneRun.class)))
    public Envelope trigger(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                            @PathVariable long id, @Nullable @Body Map<String, Object> body, HttpRequest<?> request) {
        RunControlService.requirePermission(caller);
        return RunController.envelope(service.trigger(caller, accountId, id, TriggerRequest.from(body),
                RunController.related(request, urls)));
    }

    /** {@code POST /api/v2/accounts/{a}/jobs/{id}/rerun/}: retry the failed latest run, else trigger a new one. */
    @Post(value = "/api/v2/accounts/{accountId}/jobs/{id}/rerun",
            consumes = {MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN})
    @Operation(summary = "Retry failed job (clear failed Airflow tasks)", description = "When the job's latest run "
            + "failed (status 20): clears its failed task instances through Airflow's REST API (only_failed, "
            + "reset_dag_runs) and answers that run. Otherwise triggers a new run as the trigger route does. "
            + "Needs a key with allow_trigger.")
    @ApiResponse(responseCode = "200", description = "the run restarted or queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneRun.class)))
    public Envelope rerun(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                          @PathVariable long id, HttpRequest<?> request) {
        RunControlService.requirePermission(caller);
        return RunController.envelope(service.rerun(caller, accountId, id, RunController.related(request, urls)));
    }

    /** {@code POST /api/v2/accounts/{a}/runs/{id}/cancel/}: status 30 from now on; a finished run is returned as is. */
    @Post(value = "/api/v2/accounts/{accountId}/runs/{id}/cancel",
            consumes = {MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN})
    @Operation(summary = "Cancel run (mark the Airflow DAG run failed)", description = "Sets the DAG run's state to "
            + "failed through Airflow's REST API and records the cancellation: the run then reports status 30, "
            + "is_cancelled true, status_message \"Cancelled by user.\" in every read. A finished run is returned "
            + "unchanged. Needs a key with allow_trigger.")
    @ApiResponse(responseCode = "200", description = "the run, cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneRun.class)))
    public Envelope cancel(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           @PathVariable long id, HttpRequest<?> request) {
        RunControlService.requirePermission(caller);
        return RunController.envelope(service.cancel(caller, accountId, id, RunController.related(request, urls)));
    }
}
