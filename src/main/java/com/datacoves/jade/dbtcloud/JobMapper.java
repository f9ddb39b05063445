package com.datacoves.jade.dbtcloud;

import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.dbtcloud.Durations;
import com.datacoves.jade.dbtcloud.Timestamps;
import com.datacoves.jade.index.JobRow;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Airflow DAG ({@code job_index} row) → dbt Cloud job. Sources (Airflow {@code dag} column → field):
 * <ul>
 *   <li>id, dbt_job_ext_id ← job_index.id; name, dag_id ← dag_id; description ← description, {@code ""} when the
 *       DAG has none (dbt Cloud's description is a string defaulting to {@code ""}; dbt-jobs-as-code refuses null)</li>
 *   <li>state ← 1 when is_active (and the DAG is still in Airflow), else 2; deactivated ← state 2</li>
 *   <li>schedule ← schedule_interval / timetable_summary ({@link Schedule}: {@code schedule.cron} is always a
 *       cron string, {@link Schedule#UNSCHEDULED_CRON} when the DAG has no cron); cron_humanized ←
 *       timetable_description; next_run ← next_dagrun (only while the schedule trigger is on)</li>
 *   <li>triggers.schedule ← active and not is_paused and the DAG has a real cron ({@link Schedule#cronOf}); other
 *       triggers false</li>
 *   <li>job_type ← {@code scheduled} with a real cron, else {@code other}</li>
 *   <li>execute_steps ← the dbt commands (or task ids) of the DAG's newest started run, from the index (docs/jobs.md,
 *       "execute_steps")</li>
 *   <li>tags ← dag_tag (Jade extra); created_at ← when Jade first saw the DAG (Airflow keeps no creation time);
 *       updated_at ← when a field above last changed</li>
 *   <li>account_id, project_id, environment_id ← the environment; dbt_version, raw_dbt_version ← its release</li>
 *   <li>most_recent_run, most_recent_completed_run ← with include_related only: the DAG's newest DAG run (by
 *       created_at, then id), and its newest one in a final state (success, failed, cancelled through Jade), as
 *       dbt Cloud runs; else null</li>
 * </ul>
 * Everything else is the spec's default: execution {@code {timeout_seconds: 0}}, settings
 * {@code {threads: 1, target_name: "default"}}, generate_docs false, errors_on_lint_failure true, … or null.
 */
public final class JobMapper {

    private JobMapper() {
    }

    /**
     * The job without its most recent runs.
     *
     * @param env         the job's environment (null only if it vanished from Datacoves)
     * @param environment the nested environment when {@code include_related=environment}, else null
     * @param generatesDocs true when one of the job's recent runs stored a catalog ({@code generate_docs})
     */
    public static Job toJob(JobRow j, @Nullable EnvironmentRow env, @Nullable Object environment,
                            boolean generatesDocs, Instant now) {
        return toJob(j, env, environment, null, null, generatesDocs, now);
    }

    /**
     * @param env                    the job's environment (null only if it vanished from Datacoves)
     * @param environment            the nested environment when {@code include_related=environment}, else null
     * @param mostRecentRun          the job's newest run (a dbt Cloud run) when
     *                               {@code include_related=most_recent_run}, else null
     * @param mostRecentCompletedRun its newest run with status 10, 20 or 30 when
     *                               {@code include_related=most_recent_completed_run}, else null
     * @param generatesDocs          true when one of the job's recent runs stored a catalog: dbt Cloud's
     *                               {@code generate_docs} (docs/jobs.md)
     */
    public static Job toJob(JobRow j, @Nullable EnvironmentRow env, @Nullable Object environment,
                            @Nullable Object mostRecentRun, @Nullable Object mostRecentCompletedRun,
                            boolean generatesDocs, Instant now) {
        String cron = Schedule.cronOf(j.schedule());
        boolean scheduled = j.state() == 1 && !j.paused() && cron != null;
        Map<String, Object> triggers = new LinkedHashMap<>();
        triggers.put("github_webhook", false);
        triggers.put("schedule", scheduled);
        triggers.put("git_provider_webhook", false);
        triggers.put("on_merge", false);
        triggers.put("custom_branch_only", false);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("threads", 1);
        settings.put("target_name", "default");
        String version = env == null || env.dbtVersion().isBlank() ? null : env.dbtVersion();
        return JobBuilder.builder()
                .id(j.id()).accountId(j.accountId()).projectId(j.projectId()).environmentId(j.environmentId())
                .name(j.dagId()).description(j.description() == null ? "" : j.description()).dbtVersion(version).rawDbtVersion(version)
                .executeSteps(j.executeSteps()).execution(Map.of("timeout_seconds", 0)).generateDocs(generatesDocs)
                .isDeferrable(false).jobType(cron != null ? "scheduled" : "other").lifecycleWebhooks(false)
                .runCompareChanges(false).compareChangesFlags("--select state:modified").runFailureCount(0)
                .runGenerateSources(false).runLint(false).errorsOnLintFailure(true).costOptimizationFeatures(List.of())
                .settings(settings).state(j.state()).triggersOnDraftPr(false).triggers(triggers)
                .createdAt(Timestamps.iso(j.createdAt())).updatedAt(Timestamps.iso(j.updatedAt()))
                .environment(environment).schedule(Schedule.of(j.schedule())).generateSources(false)
                .cronHumanized(j.timetableDescription())
                .nextRun(scheduled ? Timestamps.iso(j.nextDagrun()) : null)
                .nextRunHumanized(scheduled ? Durations.until(j.nextDagrun(), now) : null)
                .mostRecentRun(mostRecentRun).mostRecentCompletedRun(mostRecentCompletedRun)
                .dbtJobExtId(j.id()).dagId(j.dagId()).tags(j.tags()).deactivated(j.state() == 2)
                .environmentSlug(env == null ? null : env.slug())
                .build();
    }
}
