package com.datacoves.jade.dbtcloud;

/**
 * What Jade holds of a run's dbt artifacts, for the run's {@code artifacts_saved}, {@code has_docs_generated} and
 * {@code has_sources_generated} (docs/runs.md, "Artifacts of a run").
 *
 * @param saved   a manifest linked to the DAG run, or an environment file tagged {@code <run_id>-run_results},
 *                {@code -catalog}, {@code -sources} or {@code -manifest}
 * @param docs    a file tagged {@code <run_id>-catalog} ({@code dbt docs generate} ran)
 * @param sources a file tagged {@code <run_id>-sources} ({@code dbt source freshness} ran)
 */
public record RunArtifacts(boolean saved, boolean docs, boolean sources) {

    /** A run of which Jade holds nothing. */
    public static final RunArtifacts NONE = new RunArtifacts(false, false, false);
}
