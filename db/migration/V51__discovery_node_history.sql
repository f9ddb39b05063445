-- A model's historical runs (Discovery API applied.modelHistoricalRuns, docs/discovery.md): its results across runs,
-- newest first, without scanning every result of the environment.
CREATE INDEX discovery_run_results_node ON discovery_run_results (environment_id, unique_id, generated_at DESC);
