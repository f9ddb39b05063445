package com.datacoves.jade.storage;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Measures heap in use after a full collection, at a baseline and then at probes taken while a transfer runs, so that
 * an adapter that holds a whole object in memory (even briefly, mid-transfer) shows up as growth.
 */
final class HeapWatch {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final long baseline;
    private volatile long peak;

    HeapWatch() {
        this.baseline = usedAfterGc();
        this.peak = baseline;
    }

    /** Heap in use (bytes) after {@link System#gc()}. */
    static long usedAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Takes a probe now. */
    void probe() {
        long used = usedAfterGc();
        synchronized (this) {
            if (used > peak) {
                peak = used;
            }
        }
    }

    /** Largest growth over the baseline seen by a probe, in bytes. */
    long growth() {
        return Math.max(0, peak - baseline);
    }
}
