package com.datacoves.jade.runs;

import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.dbtcloud.RunTrigger;
import com.datacoves.jade.dbtcloud.RunTriggerBuilder;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dbt Cloud {@code TriggerRunRequest} body ({@code POST …/jobs/{id}/run/}), read leniently as clients send it:
 * JSON, form or multipart; unknown keys (dbt-cloud-cli's {@code account_id}, {@code job_id}) and null values are
 * ignored; numbers and booleans may come as text (forms). {@code cause} is required (1–255 characters; longer is
 * cut to 255 as dbt Cloud does).
 *
 * @param cause                  why the run was triggered
 * @param gitBranch              branch override
 * @param gitSha                 commit override
 * @param azurePullRequestId     pull request id
 * @param githubPullRequestId    pull request id
 * @param gitlabMergeRequestId   merge request id
 * @param nonNativePullRequestId pull request id
 * @param schemaOverride         schema override
 * @param dbtVersionOverride     dbt version override
 * @param threadsOverride        threads override
 * @param targetNameOverride     target name override
 * @param generateDocsOverride   generate-docs override
 * @param timeoutSecondsOverride timeout override
 * @param stepsOverride          dbt commands to run instead of the job's
 */
public record TriggerRequest(String cause, @Nullable String gitBranch, @Nullable String gitSha,
                             @Nullable Integer azurePullRequestId, @Nullable Integer githubPullRequestId,
                             @Nullable Integer gitlabMergeRequestId, @Nullable Integer nonNativePullRequestId,
                             @Nullable String schemaOverride, @Nullable String dbtVersionOverride,
                             @Nullable Integer threadsOverride, @Nullable String targetNameOverride,
                             @Nullable Boolean generateDocsOverride, @Nullable Integer timeoutSecondsOverride,
                             @Nullable List<String> stepsOverride) {

    /** Reads a parsed body (null → no fields); 400 when {@code cause} is missing or blank or a value is malformed. */
    public static TriggerRequest from(@Nullable Map<String, ?> body) {
        Map<String, ?> b = body == null ? Map.of() : body;
        String cause = text(b, "cause");
        if (cause == null) {
            throw new InvalidInputException("cause is required: a non-empty text saying why the run is triggered.");
        }
        if (cause.length() > 255) {
            cause = cause.substring(0, 255);
        }
        return new TriggerRequest(cause, text(b, "git_branch"), text(b, "git_sha"),
                integer(b, "azure_pull_request_id"), integer(b, "github_pull_request_id"),
                integer(b, "gitlab_merge_request_id"), integer(b, "non_native_pull_request_id"),
                text(b, "schema_override"), text(b, "dbt_version_override"), integer(b, "threads_override"),
                text(b, "target_name_override"), bool(b, "generate_docs_override"),
                integer(b, "timeout_seconds_override"), steps(b.get("steps_override")));
    }

    /** The request for a new run made by {@code rerun} when there is no failed run to retry. */
    public static TriggerRequest rerunCause() {
        return new TriggerRequest("Rerun via API: no failed run to retry", null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    /**
     * What Jade passes to the DAG run as {@code conf.dbt_cloud}: {@code cause} and every field that was given,
     * under its dbt Cloud name.
     */
    public Map<String, Object> conf() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cause", cause);
        put(m, "git_branch", gitBranch);
        put(m, "git_sha", gitSha);
        put(m, "azure_pull_request_id", azurePullRequestId);
        put(m, "github_pull_request_id", githubPullRequestId);
        put(m, "gitlab_merge_request_id", gitlabMergeRequestId);
        put(m, "non_native_pull_request_id", nonNativePullRequestId);
        put(m, "schema_override", schemaOverride);
        put(m, "dbt_version_override", dbtVersionOverride);
        put(m, "threads_override", threadsOverride);
        put(m, "target_name_override", targetNameOverride);
        put(m, "generate_docs_override", generateDocsOverride);
        put(m, "timeout_seconds_override", timeoutSecondsOverride);
        put(m, "steps_override", stepsOverride);
        return m;
    }

    /** The dbt Cloud {@code trigger} object of the run {@code runId} of job {@code jobId}. */
    public RunTrigger toTrigger(long runId, long jobId, @Nullable String createdAt) {
        return RunTriggerBuilder.builder()
                .id(runId).cause(cause).jobDefinitionId(jobId).gitBranch(gitBranch).gitSha(gitSha)
                .azurePullRequestId(azurePullRequestId).githubPullRequestId(githubPullRequestId)
                .gitlabMergeRequestId(gitlabMergeRequestId).nonNativePullRequestId(nonNativePullRequestId)
                .schemaOverride(schemaOverride).dbtVersionOverride(dbtVersionOverride).threadsOverride(threadsOverride)
                .targetNameOverride(targetNameOverride).generateDocsOverride(generateDocsOverride)
                .timeoutSecondsOverride(timeoutSecondsOverride).stepsOverride(stepsOverride)
                .causeCategory("api").createdAt(createdAt).build();
    }

    private static void put(Map<String, Object> m, String key, @Nullable Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @Nullable
    private static String text(Map<String, ?> b, String key) {
        Object v = first(b.get(key));
        return v == null || v.toString().isBlank() ? null : v.toString();
    }

    @Nullable
    private static Integer integer(Map<String, ?> b, String key) {
        Object v = first(b.get(key));
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.valueOf(v.toString().strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be an integer.");
        }
    }

    @Nullable
    private static Boolean bool(Map<String, ?> b, String key) {
        Object v = first(b.get(key));
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        if (v instanceof Boolean x) {
            return x;
        }
        return switch (v.toString().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidInputException(key + " must be true or false.");
        };
    }

    @Nullable
    private static List<String> steps(@Nullable Object v) {
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof Iterable<?> items) {
            items.forEach(i -> {
                if (i != null && !i.toString().isBlank()) {
                    out.add(i.toString());
                }
            });
        } else if (!v.toString().isBlank()) {
            out.add(v.toString());
        }
        return out.isEmpty() ? null : out;
    }

    /** Forms may bind a field as a one-element list. */
    @Nullable
    private static Object first(@Nullable Object v) {
        if (v instanceof List<?> l) {
            return l.isEmpty() ? null : l.get(0);
        }
        return v;
    }
}
