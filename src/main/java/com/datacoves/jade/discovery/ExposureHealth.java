package com.datacoves.jade.discovery;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;

/**
 * The data health of one exposure, as its tile shows it (docs/discovery.md, "Data health tile"): the freshness of
 * the sources upstream of it and the results of the tests on every node upstream of it, from the environment's latest
 * results.
 *
 * @param uniqueId      the exposure's unique id
 * @param name          the exposure's label, or its name when it has none
 * @param url           the exposure's {@code url} (the dashboard), or null
 * @param sources       sources upstream of the exposure
 * @param checked       of those, sources with a freshness check
 * @param stale         of those, sources whose latest check is {@code warn}, {@code error} or {@code runtime error}
 * @param tests         tests on the exposure's upstream nodes
 * @param testsRun      of those, tests with a result
 * @param testsFailed   of those, tests whose latest result is {@code fail} or {@code error}
 * @param buildsFailed  upstream models, seeds and snapshots whose latest execution is {@code error}
 * @param lastCheckedAt the newest of those checks and results (UTC), or null when there is none
 */
public record ExposureHealth(String uniqueId, String name, @Nullable String url, int sources, int checked, int stale,
                             int tests, int testsRun, int testsFailed, int buildsFailed,
                             @Nullable OffsetDateTime lastCheckedAt) {

    /** The tile's three states, as dbt Cloud names them. */
    public enum Status {
        /** Nothing failed and nothing is stale. */
        PASS,
        /** Data quality degraded: a test failed or an upstream node failed to build. */
        FAILURE,
        /** Data may be stale: an upstream source's freshness check warned or failed. */
        STALE
    }

    /** Data quality degraded: a test failed, or an upstream model, seed or snapshot failed to build. */
    public boolean degraded() {
        return testsFailed > 0 || buildsFailed > 0;
    }

    /** The tile's state: a quality failure first, then staleness. */
    public Status status() {
        return degraded() ? Status.FAILURE : stale > 0 ? Status.STALE : Status.PASS;
    }
}
