package com.datacoves.jade.discovery;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Keeps the Discovery API's run-results history bounded (docs/discovery.md, "Run-results history"): the results of
 * each (environment, DAG)'s newest {@code jade.discovery.run-results.keep} runs are kept (default 100, the most
 * {@code modelHistoricalRuns} answers; {@code JADE_RUN_RESULTS_RETENTION}; 0 keeps everything), older runs' results
 * are deleted by a background pass 10 minutes after start and then every hour. What a node's latest execution was
 * (the applied state) is kept whatever its run's age.
 */
@Singleton
public class RunResultsRetention {

    private static final Logger LOG = LoggerFactory.getLogger(RunResultsRetention.class);
    /** Runs whose results one transaction deletes. */
    static final int BATCH = 20;

    private final DiscoveryRepository results;
    private final int keep;

    /**
     * @param keep newest runs kept per (environment, DAG); 0 or less turns retention off
     */
    public RunResultsRetention(DiscoveryRepository results,
                               @Value("${jade.discovery.run-results.keep:100}") int keep) {
        this.results = results;
        this.keep = keep;
    }

    /** The scheduled pass; failures are logged, never thrown (the next pass retries). */
    @Scheduled(initialDelay = "${jade.discovery.run-results.initial-delay:10m}",
            fixedDelay = "${jade.discovery.run-results.interval:1h}")
    void scheduled() {
        try {
            int runs = runOnce();
            if (runs > 0) {
                LOG.info("run-results retention (keep {} runs per DAG): results of {} runs removed", keep, runs);
            }
        } catch (RuntimeException e) {
            LOG.warn("run-results retention pass failed: {}", e.toString());
        }
    }

    /**
     * Runs one pass now: the runs beyond the limit are listed once, then their results deleted {@link #BATCH} runs
     * per transaction. The pass stops early when another replica is deleting (its own pass covers the rest).
     *
     * @return the runs whose results were deleted; 0 when retention is off
     * @throws RuntimeException when the database fails (batches already committed stay deleted)
     */
    public int runOnce() {
        if (keep <= 0) {
            return 0;
        }
        List<DiscoveryRepository.ResultRun> doomed = results.runsBeyondNewest(keep);
        int deleted = 0;
        for (int from = 0; from < doomed.size(); from += BATCH) {
            List<DiscoveryRepository.ResultRun> batch = doomed.subList(from, Math.min(doomed.size(), from + BATCH));
            if (!results.deleteRunResults(batch)) {
                break;
            }
            deleted += batch.size();
        }
        return deleted;
    }
}
