package com.datacoves.jade.accounts;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Accounts read from the Datacoves database, kept in memory for {@code jade.datacoves.cache-seconds}
 * ({@code JADE_DATACOVES_CACHE_SECONDS}, default 10 s; 0 turns the cache off) — Jade's behaviour, not dbt Cloud's:
 * accounts change rarely, and every authenticated dbt Cloud request would otherwise cost a Datacoves query.
 *
 * <p>An entry older than half the TTL is reloaded in the background on its next use, so a request that finds an
 * entry never waits for the database; only a miss loads on the blocking executor. A change in Datacoves (rename,
 * deactivation, deletion) is therefore seen within the TTL. "No such account" is cached like a row. At most 10,000
 * accounts are kept.
 */
@Singleton
public class AccountCache {

    private final AsyncLoadingCache<Long, Optional<AccountRow>> cache;

    public AccountCache(AccountRepository accounts, @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                        @Value("${jade.datacoves.cache-seconds:10}") long cacheSeconds) {
        Duration ttl = Duration.ofSeconds(Math.max(0, cacheSeconds));
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(10_000).executor(blocking)
                .expireAfterWrite(ttl);
        if (cacheSeconds >= 2) {
            builder = builder.refreshAfterWrite(ttl.dividedBy(2));
        }
        this.cache = builder.buildAsync(accounts::findById);
    }

    /**
     * The account with that Datacoves id, or empty when Datacoves has none.
     *
     * @return a future that is already complete when the account is cached (safe to compose on an event loop); on a
     *         miss it completes on the blocking executor, exceptionally when the Datacoves database fails
     */
    public CompletableFuture<Optional<AccountRow>> find(long accountId) {
        return cache.get(accountId);
    }

    /** Blocking form of {@link #find(long)}, for code already on a blocking thread; the database's error propagates. */
    public Optional<AccountRow> findNow(long accountId) {
        try {
            return find(accountId).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
