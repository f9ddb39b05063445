package com.datacoves.jade.datacoves;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A short-lived, bounded read cache in front of one Datacoves database query (Jade's behaviour; the Datacoves
 * database is read-only for Jade and its accounts, projects and environments change rarely).
 *
 * <p>Entries live for the TTL ({@code jade.datacoves.cache-seconds}, {@code JADE_DATACOVES_CACHE_SECONDS}, default
 * 10 s; 0 = every read goes to the database). From half the TTL on, the next read of an entry returns it at once and
 * reloads it in the background, so a hot entry never makes a request wait; only a miss loads, on the given
 * (blocking) executor. A change in Datacoves is therefore seen within the TTL. Values must not be null (wrap "none"
 * in {@code Optional}); at most 10,000 entries are kept.
 *
 * @param <K> the query's key, e.g. an account id
 * @param <V> what the query returns
 */
public final class DatacovesCache<K, V> {

    private final AsyncLoadingCache<K, V> cache;

    /**
     * @param loader   the blocking query
     * @param ttl      how long an entry may be served; zero disables caching
     * @param blocking where misses and refreshes run
     */
    public DatacovesCache(Function<K, V> loader, Duration ttl, Executor blocking) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(10_000).executor(blocking)
                .expireAfterWrite(ttl);
        if (ttl.toSeconds() >= 2) {
            builder = builder.refreshAfterWrite(ttl.dividedBy(2));
        }
        this.cache = builder.buildAsync(loader::apply);
    }

    /**
     * @return a future already complete when the entry is cached (safe to compose on an event loop); on a miss it
     *         completes on the blocking executor, exceptionally when the query fails
     */
    public CompletableFuture<V> get(K key) {
        return cache.get(key);
    }

    /** Blocking form of {@link #get}, for code already on a blocking thread; the query's exception propagates. */
    public V getNow(K key) {
        try {
            return get(key).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
