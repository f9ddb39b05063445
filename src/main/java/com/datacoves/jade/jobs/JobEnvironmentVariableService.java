package com.datacoves.jade.jobs;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.dbtcloud.Job;
import com.datacoves.jade.environments.EnvironmentService;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * dbt Cloud environment variables of a job. dbt Cloud keys them by variable name, each with the levels that set it
 * ({@code project}, {@code environment}, {@code job}: {@code {id, value}}). Airflow DAGs carry none, so a job of the
 * caller's always has none.
 */
@Singleton
public class JobEnvironmentVariableService {

    private final EnvironmentService environments;
    private final JobService jobs;

    /** Checks projects and jobs against the caller's scope. */
    public JobEnvironmentVariableService(EnvironmentService environments, JobService jobs) {
        this.environments = environments;
        this.jobs = jobs;
    }

    /**
     * The environment variables of job {@code jobId} of project {@code projectId}: always empty.
     *
     * @throws NotFoundException when the project is not one the caller reads in the account, or the job is not the
     *                           caller's or belongs to another project
     */
    public Map<String, Object> ofJob(Caller caller, long accountId, long projectId, long jobId) {
        environments.requireProject(caller, accountId, projectId);
        Job job = jobs.get(caller, accountId, jobId, new JobService.Related(false, false, false, ""));
        if (job.projectId() != projectId) {
            throw new NotFoundException();
        }
        return Map.of();
    }
}
