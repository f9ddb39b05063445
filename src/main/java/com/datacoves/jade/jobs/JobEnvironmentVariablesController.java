package com.datacoves.jade.jobs;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.QueryParams;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * dbt Cloud's job environment-variable overrides,
 * {@code GET /api/v3/accounts/{a}/projects/{p}/environment-variables/job/?job_definition_id=J}.
 *
 * <p>dbt Cloud answers an object keyed by variable name ({@code {"DBT_X": {"project": {id, value}, "job": {id,
 * value}}}}), {@code {}} when the job has none. dbt-jobs-as-code reads it for every job it plans or imports and stops
 * when the route is missing. Airflow DAGs carry no dbt Cloud environment variables, so Jade always answers
 * {@code data: {}} in the dbt envelope, once the project and the job are known to be the key's: a project that is not
 * one the key reads, or a job that is not in that project (or not the key's), is a 404 as on the other routes; a
 * missing or non-integer {@code job_definition_id} is a 400 (dbt Cloud requires it).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dbt Cloud: jobs")
public class JobEnvironmentVariablesController {

    private final JobEnvironmentVariableService variables;

    /** Serves the job environment-variable route. */
    public JobEnvironmentVariablesController(JobEnvironmentVariableService variables) {
        this.variables = variables;
    }

    /**
     * The job's environment-variable overrides: always {@code {}}.
     *
     * @throws InvalidInputException when {@code job_definition_id} is missing or not an integer (400)
     * @throws NotFoundException     when the project or the job is not the key's, or the job is in another project
     *                               ({@link JobEnvironmentVariableService#ofJob})
     */
    @Get("/api/v3/accounts/{accountId}/projects/{projectId}/environment-variables/job")
    @Operation(summary = "Retrieve a job's environment variables (v3)", description = "job_definition_id is required. "
            + "Airflow DAGs have no dbt Cloud environment variables: data is always {} (404 when the project or job "
            + "is not the key's).")
    public Envelope jobVariables(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                                 @PathVariable long projectId, HttpRequest<?> request) {
        long jobId = QueryParams.number(request, "job_definition_id")
                .orElseThrow(() -> new InvalidInputException("job_definition_id is required"));
        return Envelope.of(variables.ofJob(caller, accountId, projectId, jobId));
    }
}
