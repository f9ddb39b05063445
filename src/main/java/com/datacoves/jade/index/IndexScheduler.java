package com.datacoves.jade.index;

import com.datacoves.jade.airflow.AirflowDatabase;
import com.datacoves.jade.airflow.AirflowDatabases;
import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs refresh passes ({@link IndexPass}) so that each indexed environment gets one every
 * {@code jade.index.refresh-interval}, on one replica at a time, wherever Jade runs (docs/index.md, "Coordination").
 *
 * <p><b>Background.</b> Every tick ({@code jade.index.refresh-tick}) a replica: re-reads Datacoves' environments (at
 * most once per refresh interval) and keeps {@code index_environment} in step; sends its heartbeat (every third of
 * {@code jade.index.lease}), which renews its claims and keeps it among the live replicas; and claims, up to its free
 * workers ({@code jade.index.workers}) and again whenever a pass ends, the due environments it owns — each environment
 * belongs to one live replica by rendezvous hashing ({@link IndexOwnership}, recomputed when the heartbeat sees the
 * live replicas change, and recorded when it changes and once a minute), so one replica reads each Airflow database —
 * and, with workers to spare, any environment overdue by more than the max lag (its owner is behind) and any whose last
 * pass failed. A replica that dies stops renewing: its claims lapse after the lease and its
 * environments move to the others, losing nothing (positions are stored only at the end of a pass).
 *
 * <p><b>Requests.</b> {@link #awaitFresh} makes a request wait (at most {@code jade.index.request-timeout}) only for an
 * environment never indexed: it claims it and runs a pass here, or waits for the replica that holds it. Every replica
 * reads the same state, so every replica answers alike.
 */
@Context
public class IndexScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(IndexScheduler.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration RESYNC = Duration.ofMinutes(1);

    private final IndexSettings settings;
    private final IndexStateRepository states;
    private final IndexPass pass;
    private final EnvironmentRepository environments;
    private final AirflowDatabases databases;
    private final IndexMetrics metrics;
    private final String replicaId;
    private final ExecutorService workers;
    private final Map<Long, CompletableFuture<Boolean>> running = new ConcurrentHashMap<>();

    private volatile Map<Long, EnvironmentRow> indexed = Map.of();
    private Instant environmentsReadAt = Instant.EPOCH;
    private Instant syncedAt = Instant.EPOCH;
    private Set<Long> synced = Set.of();
    private Instant heartbeatAt = Instant.EPOCH;
    /** The indexed environments this replica owns, computed from {@link #ownedFor} among {@link #ownedAmong}. */
    private Set<Long> owned = Set.of();
    private List<String> ownedFor = List.of();
    private Set<Long> ownedAmong = Set.of();
    private Instant ownWrittenAt = Instant.EPOCH;
    private boolean tickFailing;
    private volatile boolean closed;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jade-index-tick");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.locks.ReentrantLock dispatching = new java.util.concurrent.locks.ReentrantLock();

    /** Wires the pass, the coordination tables and Datacoves' environments. */
    public IndexScheduler(IndexSettings settings, IndexStateRepository states, IndexPass pass,
                          EnvironmentRepository environments, AirflowDatabases databases, IndexMetrics metrics) {
        this.settings = settings;
        this.states = states;
        this.pass = pass;
        this.environments = environments;
        this.databases = databases;
        this.metrics = metrics;
        this.replicaId = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.workers = Executors.newFixedThreadPool(Math.max(1, settings.workers()), r -> {
            Thread t = new Thread(r, "jade-index");
            t.setDaemon(true);
            return t;
        });
    }

    /** This replica's id in the coordination tables ({@code host/random}). */
    public String replicaId() {
        return replicaId;
    }

    /**
     * Starts the background tick: 1 s after start, then {@code jade.index.refresh-tick} after each tick ends. The
     * tick runs on this bean's own thread, not as a Micronaut {@code @Scheduled} method: Micronaut looks the bean up
     * on every run of a scheduled method, and a run that came while the context was closing (after this bean was
     * destroyed) created a new scheduler, which nothing stopped — it kept ticking on closed pools, and could send a
     * heartbeat after this replica had left the index.
     */
    @PostConstruct
    void start() {
        ticker.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (Throwable t) {
                // an executor stops a periodic task at its first throw: log it and keep the index alive
                LOG.error("index refresh: tick failed", t);
            }
        }, 1000, settings.refreshTick().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The background tick (see the class comment); never throws. */
    void tick() {
        if (closed) {
            return;
        }
        Instant now = Instant.now();
        try {
            if (settings.background()) {
                readEnvironments(now);
                if (!heartbeatAt.plus(settings.lease().dividedBy(3)).isAfter(now)) {
                    heartbeatAt = now;
                    own(states.heartbeat(replicaId, settings.lease()), now);
                    metrics.lags(states.all());
                }
                dispatch();
            } else if (!running.isEmpty() && !heartbeatAt.plus(settings.lease().dividedBy(3)).isAfter(now)) {
                heartbeatAt = now;
                states.renewLeases(replicaId, settings.lease());
            }
            if (tickFailing) {
                LOG.info("index refresh: Jade's and Datacoves' databases answer again");
            }
            tickFailing = false;
        } catch (RuntimeException e) {
            if (!tickFailing) {
                LOG.warn("index refresh: cannot coordinate ({}); retrying every tick", e.getMessage());
            }
            tickFailing = true;
        }
    }

    /**
     * Re-reads the environments with an Airflow database (once per refresh interval) and syncs their states. An
     * environment of a deactivated account ({@code users_account.deactivated_at} set) is not read: its runs stay as
     * last indexed, and its Airflow database sees no more queries (docs/datacoves-data.md).
     */
    private void readEnvironments(Instant now) {
        if (environmentsReadAt.plus(settings.refreshInterval()).isAfter(now)) {
            return;
        }
        environmentsReadAt = now;
        Map<Long, EnvironmentRow> found = new LinkedHashMap<>();
        for (EnvironmentRow env : environments.findAll()) {
            if (env.accountActive() && databases.forEnvironment(env).isPresent()) {
                found.put(env.id(), env);
                metrics.name(env.id(), env.slug());
            }
        }
        indexed = Map.copyOf(found);
        if (!found.keySet().equals(synced) || !syncedAt.plus(RESYNC).isAfter(now)) {
            states.sync(found.keySet());
            synced = Set.copyOf(found.keySet());
            syncedAt = now;
        }
    }

    /**
     * Recomputes which indexed environments this replica owns when the live replicas or the indexed environments
     * changed ({@link IndexOwnership}), and records them ({@link IndexStateRepository#own}) when they changed and
     * once a minute besides: the periodic write puts right a row another replica wrote while its list of live
     * replicas differed from this one's. Writing on every heartbeat cost PostgreSQL a plan over the whole list each
     * second (about 5 ms at 1,000 environments) for nothing in the steady state.
     */
    private void own(List<String> liveReplicas, Instant now) {
        Map<Long, EnvironmentRow> envs = indexed;
        boolean changed = !liveReplicas.equals(ownedFor) || !envs.keySet().equals(ownedAmong);
        if (changed) {
            owned = Set.copyOf(new IndexOwnership(liveReplicas).ownedBy(replicaId, envs.keySet()));
            ownedFor = List.copyOf(liveReplicas);
            ownedAmong = Set.copyOf(envs.keySet());
        }
        if (changed || !ownWrittenAt.plus(RESYNC).isAfter(now)) {
            states.own(replicaId, owned);
            ownWrittenAt = now;
        }
    }

    /**
     * Claims as many due environments as there are free workers and starts their passes; called on every tick and
     * whenever a background pass ends, so a worker never idles while environments are due. One dispatch at a time.
     */
    private void dispatch() {
        if (closed || !dispatching.tryLock()) {
            return;
        }
        try {
            claimAndStart();
        } finally {
            dispatching.unlock();
        }
    }

    private void claimAndStart() {
        int free = settings.workers() - running.size();
        if (free <= 0 || indexed.isEmpty()) {
            return;
        }
        for (IndexState s : states.claimDue(replicaId, free, settings.lease(), settings.effectiveMaxLag())) {
            EnvironmentRow env = indexed.get(s.environmentId());
            if (env == null) {
                states.release(s.environmentId(), replicaId); // synced by another replica, not read here yet
                continue;
            }
            start(s, env).whenComplete((ok, e) -> {
                try {
                    dispatch();
                } catch (RuntimeException failure) {
                    LOG.debug("index dispatch after a pass failed: {}", failure.getMessage());
                }
            });
        }
    }

    /** Runs the claimed pass on a worker; the future completes after the pass left {@link #running}. */
    private CompletableFuture<Boolean> start(IndexState state, EnvironmentRow env) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        running.put(state.environmentId(), f);
        try {
            workers.execute(() -> {
                boolean ok = false;
                try {
                    ok = runPass(state, env);
                } finally {
                    running.remove(state.environmentId(), f);
                    f.complete(ok);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            running.remove(state.environmentId(), f);
            f.complete(false);
        }
        return f;
    }

    /** Runs one claimed pass and stores its outcome; true on success. */
    private boolean runPass(IndexState state, EnvironmentRow env) {
        long id = state.environmentId();
        Instant started = Instant.now();
        String slug = env == null ? String.valueOf(id) : env.slug();
        try {
            Optional<AirflowDatabase> db = env == null ? Optional.empty() : databases.forEnvironment(env);
            if (db.isEmpty()) {
                throw new IllegalStateException("environment " + slug + " has no Airflow database for Jade");
            }
            IndexPass.Result r = pass.run(env, db.get(), state.position(), started);
            if (!states.succeeded(id, replicaId, r.position(), settings.refreshInterval())) {
                LOG.warn("index pass of environment {} took longer than its lease ({}); its position was not stored "
                        + "and the next pass reads the same changes again", slug, settings.lease());
            }
            metrics.passed(slug, Duration.between(started, Instant.now()), r.rowsRead());
            if (state.failures() > 0) {
                LOG.info("index refresh of environment {} succeeds again", slug);
            }
            return true;
        } catch (RuntimeException e) {
            if (closed) {
                return false; // stopping: pools close under running passes; the next owner repeats the pass
            }
            metrics.failed(slug, Duration.between(started, Instant.now()));
            String message = String.valueOf(e.getMessage());
            if (state.failures() == 0) {
                LOG.warn("index refresh of environment {} failed: {}", slug, message);
            }
            try {
                states.failed(id, replicaId, message, backoff(state.failures()));
            } catch (RuntimeException stateFailure) {
                LOG.debug("cannot record the failed pass of {}: {}", slug, stateFailure.getMessage());
            }
            return false;
        }
    }

    private Duration backoff(int failuresBefore) {
        Duration d = settings.refreshInterval().multipliedBy(1L << Math.min(failuresBefore, 5));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /**
     * Makes the index fresh enough for a request about these environments: an environment never indexed gets a pass —
     * here when no replica holds it, else by its holder — and the request waits for it at most the request timeout
     * overall. An environment whose last successful pass is merely older than the max lag gets one too, but only on a
     * replica without background passes (the CLI): elsewhere the background owns the schedule, and a replica that
     * falls behind catches up without requests adding passes. Environments of a deactivated account are left out
     * (never waited for, never passed).
     *
     * @return the slugs of the environments whose Airflow database is unreachable (their rows are as last indexed)
     */
    public List<String> awaitFresh(Collection<EnvironmentRow> envs) {
        Map<Long, EnvironmentRow> byId = new LinkedHashMap<>();
        for (EnvironmentRow env : envs) {
            if (env.accountActive() && databases.forEnvironment(env).isPresent()) {
                byId.put(env.id(), env);
            }
        }
        if (byId.isEmpty()) {
            return List.of();
        }
        Map<Long, IndexState> known = states.states(byId.keySet());
        Instant now = Instant.now();
        Set<Long> stale = new HashSet<>();
        for (Long id : byId.keySet()) {
            IndexState s = known.get(id);
            boolean never = s == null || (s.failures() == 0 && s.lastSuccessAt() == null);
            boolean behind = s != null && s.failures() == 0 && s.lastSuccessAt() != null
                    && s.lastSuccessAt().plus(settings.effectiveMaxLag()).isBefore(now);
            // With background passes somewhere, a request runs none of its own for an environment that is merely
            // behind: when every replica is busy, passes started by requests would only add to the load.
            if (never || (behind && !settings.background())) {
                stale.add(id);
            }
        }
        if (!stale.isEmpty()) {
            known = waitFor(stale, byId, known, now.plus(settings.requestTimeout()));
        }
        List<String> down = new ArrayList<>();
        for (EnvironmentRow env : byId.values()) {
            IndexState s = known.get(env.id());
            if (s == null || s.failures() > 0 || s.lastSuccessAt() == null) {
                down.add(env.slug());
            }
        }
        return down;
    }

    private Map<Long, IndexState> waitFor(Set<Long> stale, Map<Long, EnvironmentRow> byId,
                                          Map<Long, IndexState> before, Instant deadline) {
        states.ensure(stale);
        List<CompletableFuture<Boolean>> mine = new ArrayList<>();
        Set<Long> claimed = new HashSet<>();
        for (IndexState s : states.claim(replicaId, stale, settings.lease())) {
            claimed.add(s.environmentId());
            mine.add(start(s, byId.get(s.environmentId())));
        }
        try {
            CompletableFuture.allOf(mine.toArray(new CompletableFuture[0]))
                    .get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (Exception timeoutOrFailure) {
            LOG.debug("index passes for a request did not finish in time");
        }
        Set<Long> others = new HashSet<>(stale);
        others.removeAll(claimed);
        Map<Long, IndexState> now = states.states(byId.keySet());
        while (!others.isEmpty() && Instant.now().isBefore(deadline)) {
            Map<Long, IndexState> current = now;
            others.removeIf(id -> advanced(before.get(id), current.get(id)));
            if (others.isEmpty()) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = states.states(byId.keySet());
        }
        return now;
    }

    private static boolean advanced(IndexState before, IndexState after) {
        if (after == null) {
            return false;
        }
        if (after.failures() > 0) {
            return true;
        }
        return after.lastSuccessAt() != null
                && (before == null || before.lastSuccessAt() == null || after.lastSuccessAt().isAfter(before.lastSuccessAt()));
    }

    /**
     * Runs a pass of the environment now and waits for it (at most the request timeout): here when no replica holds
     * it, else by its holder.
     *
     * @return true when a pass ended successfully meanwhile
     */
    public boolean refresh(EnvironmentRow env) {
        Map<Long, IndexState> before = states.states(List.of(env.id()));
        Map<Long, IndexState> after = waitFor(Set.of(env.id()), Map.of(env.id(), env), before,
                Instant.now().plus(settings.requestTimeout()));
        IndexState b = before.get(env.id());
        IndexState a = after.get(env.id());
        return a != null && a.failures() == 0 && a.lastSuccessAt() != null
                && (b == null || b.lastSuccessAt() == null || a.lastSuccessAt().isAfter(b.lastSuccessAt()));
    }

    /**
     * Stops the tick and the workers and hands this replica's environments to the others at once. A tick already
     * running is waited for (at most 5 s) before the replica leaves: otherwise it could write a heartbeat after the
     * leave, or reach the pools after the context closed them (one such WARN in a full test run).
     */
    @PreDestroy
    void stop() {
        closed = true;
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        running.values().forEach(f -> f.cancel(true));
        try {
            states.leave(replicaId);
        } catch (RuntimeException e) {
            LOG.debug("could not leave the index replicas: {}", e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "jade";
        }
    }
}
