package com.datacoves.jade.index;

import io.micronaut.core.annotation.Nullable;

/**
 * dbt Cloud run status codes (spec: "1: Queued 2: Starting 3: Running 10: Success 20: Error 30: Cancelled") and
 * how Jade derives them from an Airflow state — of a DAG run (dbt Cloud run) or of a task instance (dbt Cloud run
 * step).
 *
 * <p>Mapping (README, "The dbt Cloud API" for the first five; Jade's choice for the rest):
 * <ul>
 *   <li>{@code queued} → 1 Queued; {@code null}/{@code none} (a task not scheduled yet) → 1 Queued</li>
 *   <li>{@code scheduled}, {@code up_for_reschedule}, {@code up_for_retry}, {@code restarting}, {@code deferred}
 *       → 2 Starting (waiting to (re)start)</li>
 *   <li>{@code running} → 3 Running</li>
 *   <li>{@code success}, {@code skipped} → 10 Success (nothing failed; dbt Cloud has no "skipped")</li>
 *   <li>{@code failed}, {@code upstream_failed} and any state Jade does not know → 20 Error (failed-like, so that
 *       clients polling for a terminal status stop)</li>
 *   <li>{@code removed}, {@code shutdown} → 30 Cancelled (stopped from outside before it could finish)</li>
 * </ul>
 */
public final class RunStatus {

    public static final int QUEUED = 1;
    public static final int STARTING = 2;
    public static final int RUNNING = 3;
    public static final int SUCCESS = 10;
    public static final int ERROR = 20;
    public static final int CANCELLED = 30;

    private RunStatus() {
    }

    /** The dbt Cloud code of an Airflow state (see the class comment). */
    public static int of(@Nullable String airflowState) {
        if (airflowState == null) {
            return QUEUED;
        }
        return switch (airflowState) {
            case "queued", "none" -> QUEUED;
            case "scheduled", "up_for_reschedule", "up_for_retry", "restarting", "deferred" -> STARTING;
            case "running" -> RUNNING;
            case "success", "skipped" -> SUCCESS;
            case "removed", "shutdown" -> CANCELLED;
            default -> ERROR;
        };
    }

    /** dbt Cloud's {@code status_humanized}: Queued, Starting, Running, Success, Error, Cancelled. */
    public static String humanized(int code) {
        return switch (code) {
            case QUEUED -> "Queued";
            case STARTING -> "Starting";
            case RUNNING -> "Running";
            case SUCCESS -> "Success";
            case CANCELLED -> "Cancelled";
            default -> "Error";
        };
    }

    /** True for 10, 20, 30 (terminal). */
    public static boolean complete(int code) {
        return code == SUCCESS || code == ERROR || code == CANCELLED;
    }

    /**
     * Parses a dbt Cloud status given as a number or a name (dbt-cloud-cli names: Queued, Starting, Running,
     * Success, Error, Cancelled/Canceled).
     *
     * @return the code, or null when the text is neither
     */
    @Nullable
    public static Integer parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "1", "queued" -> QUEUED;
            case "2", "starting" -> STARTING;
            case "3", "running" -> RUNNING;
            case "10", "success" -> SUCCESS;
            case "20", "error" -> ERROR;
            case "30", "cancelled", "canceled" -> CANCELLED;
            default -> null;
        };
    }
}
