package com.datacoves.jade.index;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * Where the refresh of one environment stands (a row of {@code index_environment}; docs/index.md).
 *
 * @param environmentId the Datacoves environment
 * @param position      where the next pass starts
 * @param lastSuccessAt when the last pass succeeded, null if none has
 * @param failures      passes failed in a row since the last success
 * @param lastError     the last failure's message, null after a success
 * @param running       true while a replica holds a live claim on it
 */
public record IndexState(long environmentId, Position position, @Nullable Instant lastSuccessAt, int failures,
                         @Nullable String lastError, boolean running) {

    /**
     * What a pass carries to the next one.
     *
     * @param highDagRunId every {@code dag_run.id} up to this was read once, except the holes
     * @param holes        ids below the high mark not seen yet, with when each was first missed
     * @param sweepAfterId the sweep in progress continues above this id; null between sweeps
     * @param nextSweepAt  when the next sweep starts
     * @param dagsDigest   SHA-256 (hex) of the DAGs last written, null before the first pass
     * @param dagsReadAt   when the DAGs were last read, null before the first pass
     */
    public record Position(long highDagRunId, List<Hole> holes, @Nullable Long sweepAfterId, Instant nextSweepAt,
                           @Nullable String dagsDigest, @Nullable Instant dagsReadAt) {
    }

    /**
     * A {@code dag_run.id} below the high mark not seen yet.
     *
     * @param dagRunId the id
     * @param seenAt   when a pass first missed it
     */
    public record Hole(long dagRunId, Instant seenAt) {
    }
}
