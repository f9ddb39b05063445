package com.datacoves.jade.jobs;

import com.datacoves.jade.common.UnprocessableException;
import io.micronaut.core.annotation.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule for dbt Cloud's "Update job" ({@code POST /api/v2/accounts/{a}/jobs/{id}/}) on a job that is an Airflow DAG
 * (docs/jobs.md, "Writes"): a job's definition lives in the DAG's code, so Jade changes nothing. An update is
 * accepted when every writable field it sends equals the job as Jade answers it (clients such as Dagster post the
 * whole job back with a change merged in); otherwise it is refused with 422 naming each field that differs.
 * Read-only fields (ids of the job itself, timestamps, humanized texts, nested objects, Jade's extras) are ignored,
 * as dbt Cloud ignores them.
 */
final class JobUpdates {

    /** The fields of dbt Cloud's job definition a client may write. */
    static final Set<String> WRITABLE = Set.of("account_id", "project_id", "environment_id", "name", "description",
            "dbt_version", "triggers", "execute_steps", "settings", "state", "generate_docs", "schedule",
            "deferring_job_definition_id", "deferring_environment_id", "execution", "run_generate_sources",
            "run_lint", "errors_on_lint_failure", "job_type", "triggers_on_draft_pr", "run_compare_changes",
            "compare_changes_flags", "job_completion_trigger_condition", "lifecycle_webhooks", "generate_sources");

    private JobUpdates() {
    }

    /**
     * Checks an update against the current job.
     *
     * @param current the job as Jade answers it, as a JSON object
     * @param update  the request body, as a JSON object
     * @throws UnprocessableException naming the fields (dotted, e.g. {@code triggers.schedule}) whose value differs
     */
    static void check(Map<String, Object> current, Map<String, Object> update) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Object> e : update.entrySet()) {
            if (WRITABLE.contains(e.getKey())) {
                differences(e.getKey(), current.get(e.getKey()), e.getValue(), changed);
            }
        }
        if (!changed.isEmpty()) {
            throw new UnprocessableException("Jade cannot change " + String.join(", ", changed)
                    + ": a job is an Airflow DAG and is changed in the DAG's code. Send the job's current values for "
                    + "these fields, or leave them out.");
        }
    }

    /** Adds to {@code out} the path of every value in {@code sent} that differs from {@code held}. */
    @SuppressWarnings("unchecked")
    private static void differences(String path, @Nullable Object held, @Nullable Object sent, List<String> out) {
        if (sent instanceof Map<?, ?> sentMap && held instanceof Map<?, ?> heldMap) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) sentMap).entrySet()) {
                differences(path + "." + e.getKey(), heldMap.get(e.getKey()), e.getValue(), out);
            }
        } else if (!same(held, sent)) {
            out.add(path);
        }
    }

    private static boolean same(@Nullable Object held, @Nullable Object sent) {
        if (held instanceof Number a && sent instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        if (held instanceof List<?> a && sent instanceof List<?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return held == null ? sent == null : held.equals(sent);
    }
}
