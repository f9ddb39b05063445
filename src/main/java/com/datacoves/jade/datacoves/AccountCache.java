package com.datacoves.jade.datacoves;


import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Accounts read from the Datacoves database through a {@link DatacovesCache} (TTL {@code JADE_DATACOVES_CACHE_SECONDS},
 * default 10 s): every authenticated dbt Cloud account request would otherwise cost a Datacoves query. A rename,
 * deactivation or deletion in Datacoves shows within the TTL; "no such account" is cached like a row.
 */
@Singleton
public class AccountCache {

    private final DatacovesCache<Long, Optional<AccountRow>> cache;

    public AccountCache(AccountRepository accounts, @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                        @Value("${jade.datacoves.cache-seconds:10}") long cacheSeconds) {
        this.cache = new DatacovesCache<>(accounts::findById, Duration.ofSeconds(Math.max(0, cacheSeconds)), blocking);
    }

    /**
     * The account with that Datacoves id, or empty when Datacoves has none.
     *
     * @return a future already complete when cached (safe to compose on an event loop), else completing on the
     *         blocking executor; exceptionally when the Datacoves database fails
     */
    public CompletableFuture<Optional<AccountRow>> find(long accountId) {
        return cache.get(accountId);
    }
}
