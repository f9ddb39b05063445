package com.datacoves.jade.index;

import com.datacoves.jade.airflow.AirflowDatabases;
import com.datacoves.jade.environments.EnvironmentRepository;
import com.datacoves.jade.environments.EnvironmentRow;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Keeps Jade's job/run index (package {@code index}: Airflow DAGs → dbt Cloud jobs, DAG runs → dbt Cloud runs) up to
 * date, one environment at a time, each in its own task so an unreachable Airflow database delays nobody else.
 *
 * <p>A pass over one environment ({@link EnvironmentRefresh}) reads its DAGs, the DAG runs with
 * {@code dag_run.id} above the watermark, the runs changed since the {@code updated_at} watermark, and the runs the
 * index still has as unfinished; then upserts them in batches. In the background each environment gets a pass
 * {@code jade.index.refresh-interval} (default 2 s) after its previous one ended (checked every
 * {@code jade.index.refresh-tick}, 250 ms; environments do not wait for each other). List requests call {@link #ensureFresh}, which
 * makes a request wait for a pass (at most {@code jade.index.request-timeout}, default 3 s) only for an environment
 * that was never indexed, or whose last successful pass is older than {@code jade.index.max-lag} (default twice the
 * refresh interval, 4 s: the background is behind or stuck), or, without background passes (the {@code tokens}
 * command), older than the refresh interval. While the background keeps up, requests never wait for a pass: a pass
 * that ran inside request latency was the p99 of the run list under load (docs/benchmarks.md).
 *
 * <p><b>Staleness.</b> A new DAG run is listed at worst {@code max-lag + one pass} after Airflow commits it (a
 * request finding the last pass older than max-lag waits for a fresh one); with the defaults 4 s plus a pass (tens of
 * ms on a healthy Airflow database), i.e. under 5 s. While the background keeps up it is
 * {@code refresh-interval + refresh-tick + one pass} (about 2.3 s). While an environment's Airflow database is unreachable
 * its rows stay listed as last seen and it is named in {@code status.developer_message}.
 */
@Singleton
public class IndexRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(IndexRefresher.class);

    private final EnvironmentRepository environments;
    private final AirflowDatabases databases;
    private final EnvironmentRefresh refresh;
    private final Duration interval;
    private final Duration requestTimeout;
    private final Duration maxLag;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "jade-index");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, EnvironmentState> states = new ConcurrentHashMap<>();
    /** The scheduler thread's cache of the environment list (see {@link #environmentList}). */
    private List<EnvironmentRow> environmentList;
    private Instant environmentListAt;
    private boolean datacovesDown;

    /** False in contexts that serve no HTTP (the {@code tokens} command): no background passes there. */
    private final boolean background;

    public IndexRefresher(EnvironmentRepository environments, AirflowDatabases databases, EnvironmentRefresh refresh,
                          @Value("${jade.index.refresh-interval:2s}") Duration interval,
                          @Value("${jade.index.request-timeout:3s}") Duration requestTimeout,
                          @Value("${jade.index.background:true}") boolean background,
                          @Property(name = "jade.index.max-lag") @Nullable Duration maxLag) {
        this.background = background;
        this.maxLag = !background ? interval : maxLag != null ? maxLag : interval.multipliedBy(2);
        this.environments = environments;
        this.databases = databases;
        this.refresh = refresh;
        this.interval = interval;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Background tick (every {@code jade.index.refresh-tick}, default 250 ms): starts a pass for each environment with
     * an Airflow database whose previous pass ended at least the refresh interval ago and that has none running.
     * Environments are scheduled independently and the tick never waits for a pass: one slow or stuck environment
     * (or a loaded machine making every pass slow) no longer delays the others' next pass, which kept the oldest
     * last-success age of a 20-environment round over the request path's max lag under load.
     */
    @Scheduled(fixedDelay = "${jade.index.refresh-tick:250ms}", initialDelay = "1s")
    void refreshAll() {
        if (!background || workers.isShutdown()) {
            return;
        }
        Instant now = Instant.now();
        for (EnvironmentRow env : environmentList(now)) {
            EnvironmentState st = state(env);
            Instant end = st.lastEnd();
            if (end == null || !end.plus(interval).isAfter(now)) {
                submit(env);
            }
        }
    }

    /**
     * The environments, re-read from Datacoves at most once per refresh interval; while Datacoves' database cannot be
     * read, the last list read (logged once per outage, not on every tick).
     */
    private List<EnvironmentRow> environmentList(Instant now) {
        if (environmentList == null || !environmentListAt.plus(interval).isAfter(now)) {
            environmentListAt = now;
            try {
                environmentList = environments.findAll();
                datacovesDown = false;
            } catch (RuntimeException e) {
                if (!datacovesDown) {
                    LOG.warn("index refresh: cannot list environments from Datacoves' database: {}", e.getMessage());
                }
                datacovesDown = true;
                if (environmentList == null) {
                    return List.of();
                }
            }
        }
        return environmentList;
    }

    /**
     * Makes the index current enough for a list query on these environments: waits (at most the request timeout
     * overall) for a pass of each environment that was never indexed or whose last successful pass is older than the
     * max lag ({@code jade.index.max-lag}, default twice the refresh interval; the refresh interval itself when
     * background passes are off). Environments the background keeps fresh cost no wait; environments whose last pass
     * failed are not waited for (the background keeps retrying).
     *
     * @return slugs of the environments whose Airflow database is unreachable (their rows are as last indexed)
     */
    public List<String> ensureFresh(Collection<EnvironmentRow> envs) {
        Instant now = Instant.now();
        List<CompletableFuture<Boolean>> waits = null;
        for (EnvironmentRow env : envs) {
            EnvironmentState st = state(env);
            if (st.failing()) {
                continue;
            }
            Instant last = st.lastSuccess();
            if (last == null || last.plus(maxLag).isBefore(now)) {
                if (waits == null) {
                    waits = new ArrayList<>();
                }
                waits.add(submit(env));
            }
        }
        if (waits != null) {
            try {
                CompletableFuture.allOf(waits.toArray(new CompletableFuture[0]))
                        .get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception timeoutOrFailure) {
                LOG.debug("index refresh did not finish within {}", requestTimeout);
            }
        }
        List<String> down = null;
        for (EnvironmentRow env : envs) {
            if (unreachable(env)) {
                if (down == null) {
                    down = new ArrayList<>();
                }
                down.add(env.slug());
            }
        }
        return down == null ? List.of() : down;
    }

    /** True when the environment has an Airflow database and its last pass failed or none has succeeded yet. */
    public boolean unreachable(EnvironmentRow env) {
        EnvironmentState st = states.get(env.id());
        return databases.forEnvironment(env).isPresent() && (st == null || st.failing() || st.lastSuccess() == null);
    }

    private EnvironmentState state(EnvironmentRow env) {
        return states.computeIfAbsent(env.id(), id -> new EnvironmentState());
    }

    /** Starts (or joins) a pass for the environment; completes with true on success. */
    private CompletableFuture<Boolean> submit(EnvironmentRow env) {
        Optional<DataSource> pool = databases.forEnvironment(env);
        if (pool.isEmpty()) {
            return CompletableFuture.completedFuture(true);
        }
        EnvironmentState st = state(env);
        synchronized (st) {
            if (st.running != null) {
                return st.running;
            }
            CompletableFuture<Boolean> f = CompletableFuture.supplyAsync(() -> pass(env, pool.get(), st), workers);
            st.running = f;
            return f;
        }
    }

    private boolean pass(EnvironmentRow env, DataSource pool, EnvironmentState st) {
        boolean ok;
        try {
            refresh.run(env, pool);
            ok = true;
        } catch (Exception e) {
            if (!st.failing()) {
                LOG.warn("index refresh of environment {} failed: {}", env.slug(), e.getMessage());
            }
            ok = false;
        }
        synchronized (st) {
            st.failed = !ok;
            st.lastEnd = Instant.now();
            if (ok) {
                st.lastSuccess = st.lastEnd;
            }
            st.running = null;
        }
        return ok;
    }

    /** Stops the refresh workers. */
    @PreDestroy
    void stop() {
        workers.shutdownNow();
        // passes that never started will never complete: release whoever waits on them
        states.values().forEach(st -> {
            synchronized (st) {
                if (st.running != null) {
                    st.running.cancel(true);
                }
            }
        });
    }

    /** Mutable refresh state of one environment (guarded by its own monitor). */
    private static final class EnvironmentState {
        private Instant lastSuccess;
        private Instant lastEnd;
        private boolean failed;
        private CompletableFuture<Boolean> running;

        synchronized Instant lastSuccess() {
            return lastSuccess;
        }

        synchronized Instant lastEnd() {
            return lastEnd;
        }

        synchronized boolean failing() {
            return failed;
        }
    }
}
