package com.datacoves.jade.dbtcloud;

import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.dbtcloud.Durations;
import com.datacoves.jade.airflow.DagRunRow;
import com.datacoves.jade.index.RunStatus;
import com.datacoves.jade.index.RunRow;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static com.datacoves.jade.dbtcloud.Timestamps.iso;

/**
 * Airflow DAG run → dbt Cloud run. Sources (Airflow {@code dag_run} column → field):
 * <ul>
 *   <li>id ← run_index.id; job_definition_id, job_id ← job_index.id of the DAG; trigger_id ← the run id</li>
 *   <li>status ← state via {@link RunStatus}, except 30 (Cancelled, status_message "Cancelled by user.") for a run
 *       cancelled through Jade ({@code run_index.cancelled_at}); status_humanized, in_progress (1/2/3), is_complete (10/20/30),
 *       is_success, is_error, is_cancelled, is_running (3) from it</li>
 *   <li>created_at, should_start_at ← queued_at, else the logical date (execution_date/logical_date), else Airflow 3's
 *       run_after (docs/runs.md, "Timestamps"); queued_at ← queued_at;
 *       dequeued_at, started_at ← start_date; finished_at, completed_at ← end_date;
 *       updated_at ← updated_at (else the latest of end/start/queued)</li>
 *   <li>duration = created→finished (→now while unfinished); queued_duration = created→started (→now while
 *       queued); run_duration = started→finished (→now while running; 00:00:00 if never started); "HH:MM:SS" and
 *       humanized ({@link Durations})</li>
 *   <li>dbt_job_run_ext_id, dag_run_id ← dag_run.id; dag_id; dag_run_run_id ← run_id; environment_slug,
 *       dbt_version ← the environment and its release</li>
 *   <li>href ← {@code <base>/api/v2/accounts/{account}/runs/{id}/} where base is the request's scheme and host
 *       (X-Forwarded-Proto/-Host honoured): an API URL, since Jade has no run page</li>
 *   <li>artifacts_saved, has_docs_generated, has_sources_generated ← what Jade holds of the run ({@link RunArtifacts})</li>
 *   <li>trigger, job, environment: only with include_related (else null); run_steps: only with
 *       include_related=run_steps on a single run (else [])</li>
 * </ul>
 * Everything else is the spec's neutral value: false, [], {@code deprecation {count: 0}} or null.
 */
public final class RunMapper {

    /** {@code status_message} of a run cancelled through Jade (dbt Cloud's text). */
    public static final String CANCELLED_MESSAGE = "Cancelled by user.";

    /** {@code deprecation} of every run (dbt Cloud: no deprecations). */
    private static final Map<String, Integer> DEPRECATION = Map.of("count", 0);

    private RunMapper() {
    }

    /**
     * What a run's rendering needs besides the run.
     *
     * @param now         the instant durations of unfinished runs run to
     * @param baseUrl     scheme://host of the request, for {@code href}
     * @param trigger     true to embed the trigger
     * @param job         the embedded job or null
     * @param environment the embedded environment or null
     * @param steps       the run steps ([] unless requested)
     * @param triggerObject the trigger to embed as is (a run just triggered through Jade), else null
     */
    public record Context(Instant now, String baseUrl, boolean trigger, @Nullable Object job,
                          @Nullable Object environment, List<RunStep> steps, @Nullable RunTrigger triggerObject) {

        /** A context without a ready-made trigger. */
        public Context(Instant now, String baseUrl, boolean trigger, @Nullable Object job,
                       @Nullable Object environment, List<RunStep> steps) {
            this(now, baseUrl, trigger, job, environment, steps, null);
        }
    }

    /**
     * The wire run.
     *
     * @param artifacts what Jade holds of the run's artifacts
     */
    public static Run toRun(RunRow r, @Nullable EnvironmentRow env, RunArtifacts artifacts, Context ctx) {
        DagRunRow d = r.dagRun();
        int status = r.status();
        Instant now = ctx.now();
        Duration total = Durations.between(d.createdAt(), d.finishedAt(), now);
        Duration queued = Durations.between(d.createdAt(), d.startedAt() != null ? d.startedAt() : d.finishedAt(), now);
        Duration running = d.startedAt() == null ? Duration.ZERO : Durations.between(d.startedAt(), d.finishedAt(), now);
        String created = iso(d.createdAt());
        OffsetDateTime updated = d.updatedAt() != null ? d.updatedAt()
                : d.finishedAt() != null ? d.finishedAt() : d.startedAt() != null ? d.startedAt() : d.createdAt();
        String href = ctx.baseUrl() + "/api/v2/accounts/" + r.accountId() + "/runs/" + r.id() + "/";
        String message = r.cancelledAt() != null ? CANCELLED_MESSAGE : null;
        String started = iso(d.startedAt());
        String finished = iso(d.finishedAt());
        return RunBuilder.builder()
                .id(r.id()).triggerId(r.id()).accountId(r.accountId()).environmentId(r.environmentId())
                .projectId(r.projectId()).jobDefinitionId(r.jobId()).jobId(r.jobId())
                .status(status).statusHumanized(RunStatus.humanized(status)).statusMessage(message)
                .inProgress(!RunStatus.complete(status)).isComplete(RunStatus.complete(status))
                .isSuccess(status == RunStatus.SUCCESS).isError(status == RunStatus.ERROR)
                .isCancelled(status == RunStatus.CANCELLED).isRunning(status == RunStatus.RUNNING)
                .dbtVersion(env == null || env.dbtVersion().isBlank() ? null : env.dbtVersion())
                .artifactsSaved(artifacts.saved()).hasDocsGenerated(artifacts.docs())
                .hasSourcesGenerated(artifacts.sources()).notificationsSent(false)
                .blockedBy(List.of())
                .createdAt(created).shouldStartAt(created).updatedAt(iso(updated))
                .dequeuedAt(started).startedAt(started).finishedAt(finished).completedAt(finished)
                .queuedAt(iso(d.queuedAt()))
                .trigger(ctx.triggerObject() != null ? ctx.triggerObject()
                        : ctx.trigger() ? RunTrigger.of(r, created) : null)
                .job(ctx.job()).environment(ctx.environment()).runSteps(ctx.steps()).deprecation(DEPRECATION)
                .duration(Durations.hms(total)).queuedDuration(Durations.hms(queued))
                .runDuration(Durations.hms(running)).durationHumanized(Durations.humanized(total))
                .queuedDurationHumanized(Durations.humanized(queued))
                .runDurationHumanized(Durations.humanized(running))
                .createdAtHumanized(Durations.ago(d.createdAt(), now))
                .finishedAtHumanized(Durations.ago(d.finishedAt(), now))
                .canRetry(false).href(href).usedRepoCache(false).scribeEnabled(false)
                .dbtJobRunExtId(d.dagRunId()).dagId(d.dagId()).dagRunId(d.dagRunId())
                .dagRunRunId(d.airflowRunId()).environmentSlug(env == null ? null : env.slug())
                .build();
    }
}
