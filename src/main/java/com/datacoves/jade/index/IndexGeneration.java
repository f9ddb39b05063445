package com.datacoves.jade.index;

import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter of this instance's writes to the job and run index: every committed write that can change what a list
 * route returns (new or changed DAGs and DAG runs, a run triggered or cancelled through Jade) advances it. Response
 * caches key on it, so a cached list never outlives a change made through this instance; changes written by other
 * replicas are bounded by the caches' own TTL instead.
 */
@Singleton
public class IndexGeneration {

    private final AtomicLong generation = new AtomicLong();

    /** The current generation (starts at 0, only grows). */
    public long current() {
        return generation.get();
    }

    /** Records that the index changed; call after the write committed. */
    public void advance() {
        generation.incrementAndGet();
    }
}
