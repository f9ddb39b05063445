package com.datacoves.jade.runs;

import com.datacoves.jade.index.IndexGeneration;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A micro-cache of rendered run-list responses (Jade's behaviour): the JSON bytes of
 * {@code GET /api/v2/accounts/{a}/runs/?…} for one account and one exact path and query, kept for
 * {@code jade.lists.cache-millis} ({@code JADE_LIST_CACHE_MILLIS}, default 1000 ms; 0 = off) and never across a
 * change of this instance's index ({@link IndexGeneration}).
 *
 * <p>Why: clients poll the same lists (the Airflow dbt Cloud provider asks for a job's latest run every few seconds,
 * monitors page through the newest runs), and a 100-run page is ~176 KB of JSON that costs milliseconds of CPU to
 * read and render; under concurrent polling the CPU, not the database, bounds latency. Identical requests within the
 * TTL share one rendering (concurrent misses of one key render once). Cost: a list may be up to the TTL older than
 * without the cache — on top of the index's own staleness (README "Freshness"). Single-run routes are not cached.
 * Memory: at most 64 MiB of response bytes.
 */
@Singleton
public class RunListCache {

    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private final IndexGeneration generation;
    private final Cache<Key, byte[]> cache;
    private final boolean enabled;

    public RunListCache(IndexGeneration generation, @Value("${jade.lists.cache-millis:1000}") long cacheMillis) {
        this.generation = generation;
        this.enabled = cacheMillis > 0;
        this.cache = Caffeine.newBuilder().expireAfterWrite(Duration.ofMillis(Math.max(1, cacheMillis)))
                .maximumWeight(MAX_BYTES).weigher((Key k, byte[] v) -> v.length).build();
    }

    /**
     * The response bytes for the account's request {@code pathAndQuery}: cached ones when rendered within the TTL
     * and the index has not changed since, else {@code render}'s (then cached).
     *
     * @param accountId    the caller's account (part of the key: one account never sees another's bytes)
     * @param pathAndQuery the request's raw path and query, e.g. {@code /api/v2/accounts/1/runs/?limit=100}
     * @param render       renders the response when not cached; its exceptions propagate and nothing is cached
     */
    public byte[] get(long accountId, String pathAndQuery, Supplier<byte[]> render) {
        if (!enabled) {
            return render.get();
        }
        return cache.get(new Key(accountId, generation.current(), pathAndQuery), k -> render.get());
    }

    /** The cached bytes for the key when present and current, else null (no rendering). */
    public byte[] getIfPresent(long accountId, String pathAndQuery) {
        return enabled ? cache.getIfPresent(new Key(accountId, generation.current(), pathAndQuery)) : null;
    }

    private record Key(long accountId, long generation, String pathAndQuery) {
    }
}
