package com.datacoves.jade.datacoves;


import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * An account's environments read from the Datacoves database through a {@link DatacovesCache} (TTL
 * {@code JADE_DATACOVES_CACHE_SECONDS}, default 10 s). The account-wide run and job lists need them on every request
 * (to name environments, find unreachable Airflow databases and map runs); a new or changed environment shows within
 * the TTL. Routes that act on one environment by id or slug read the database directly.
 */
@Singleton
public class EnvironmentCache {

    private final DatacovesCache<Long, List<EnvironmentRow>> byAccount;

    public EnvironmentCache(EnvironmentRepository environments, @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                            @Value("${jade.datacoves.cache-seconds:10}") long cacheSeconds) {
        this.byAccount = new DatacovesCache<>(environments::findByAccount,
                Duration.ofSeconds(Math.max(0, cacheSeconds)), blocking);
    }

    /**
     * Every environment of the account, by id (empty list when none). Blocking on a miss: call from a blocking thread.
     *
     * @throws RuntimeException the Datacoves database's error on a miss
     */
    public List<EnvironmentRow> byAccount(long accountId) {
        return byAccount.getNow(accountId);
    }
}
