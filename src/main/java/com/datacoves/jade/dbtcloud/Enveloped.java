package com.datacoves.jade.dbtcloud;

import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.Extra;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The shapes of the dbt Cloud answers, for the OpenAPI document only (the routes answer an {@link Envelope} whose
 * {@code data} is typed {@code Object}): named as dbt Cloud's spec names them ({@code AccountResponse} enveloped is
 * {@code Enveloped.Account…}), referenced by each route's {@code @ApiResponse}. Never built at run time.
 */
public final class Enveloped {

    private Enveloped() {
    }

    /** {@code GET …/accounts/{id}/}: one account. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "AccountEnvelope")
    public record OneAccount(Envelope.Status status, Account data) {
    }

    /** {@code GET /api/v2/accounts/}, {@code /api/v3/accounts/}: the caller's accounts. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "AccountListEnvelope")
    public record AccountList(Envelope.Status status, List<Account> data, Extra extra) {
    }

    /** {@code GET …/projects/{id}/}: one project. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "ProjectEnvelope")
    public record OneProject(Envelope.Status status, Project data) {
    }

    /** {@code GET …/projects/}: a page of projects. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "ProjectListEnvelope")
    public record ProjectList(Envelope.Status status, List<Project> data, Extra extra) {
    }

    /** {@code GET …/environments/{id}/}: one environment. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "EnvironmentEnvelope")
    public record OneEnvironment(Envelope.Status status, Environment data) {
    }

    /** {@code GET …/environments/}: a page of environments. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "EnvironmentListEnvelope")
    public record EnvironmentList(Envelope.Status status, List<Environment> data, Extra extra) {
    }

    /** {@code GET …/jobs/{id}/}: one job (an Airflow DAG). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "JobEnvelope")
    public record OneJob(Envelope.Status status, Job data) {
    }

    /** {@code GET …/jobs/}: a page of jobs. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "JobListEnvelope")
    public record JobList(Envelope.Status status, List<Job> data, Extra extra) {
    }

    /** {@code GET …/runs/{id}/}, a trigger, a cancel, a rerun, a project's latest run: one run (an Airflow DAG run). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "RunEnvelope")
    public record OneRun(Envelope.Status status, Run data) {
    }

    /** {@code GET …/runs/}: a page of runs. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "RunListEnvelope")
    public record RunList(Envelope.Status status, List<Run> data, Extra extra) {
    }

    /** {@code GET …/runs/{id}/artifacts/}: the paths of a run's artifacts, sorted. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "ArtifactListEnvelope")
    public record ArtifactList(Envelope.Status status, List<String> data) {
    }
}
