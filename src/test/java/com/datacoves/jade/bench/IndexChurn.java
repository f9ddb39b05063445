package com.datacoves.jade.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark driver of bench/index.sh: a stream of new and changing DAG runs in random environments' Airflow databases
 * (schemas {@code eNNNN} of one database). The staleness of a change is the time from its commit in Airflow until
 * Jade shows it: every change is watched in Jade's {@code run_index} (one query for all pending changes every 50 ms:
 * "indexed"), and one change in ten also through the run list of a random Jade instance, polled every 200 ms
 * ("listed", which adds the list cache of another instance's changes).
 *
 * <p>Usage: {@code IndexChurn <airflow jdbc url> <jade jdbc url> <environments> <accounts> <seconds> <events/s>
 * <keys file> <jade base url>[,<jade base url>…]}. The keys file holds {@code account.N=<key>} lines. Prints
 * {@code events=… indexed=… p50=… p99=… max=… listed_sample=… listed_p50=… listed_p99=… airflow_commits=…}
 * (milliseconds; airflow_commits = this driver's own transactions, to subtract from the database's count).
 */
public final class IndexChurn {

    private static final Pattern STATUS = Pattern.compile("\"status\":(\\d+)");
    private static final Pattern RUN_ID = Pattern.compile("\"dag_run_run_id\":\"([^\"]+)\"");

    /** A change waiting to be listed: the run and the status clients must see. */
    private record Pending(int environment, String runId, int status, long committedNanos) {
    }

    /** Runs whose last change is not listed yet: the stream changes them again only once it is. */
    private static final java.util.Set<String> BUSY = ConcurrentHashMap.newKeySet();

    private IndexChurn() {
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String airflowUrl = args[0];
        String jadeUrl = args[1];
        args = java.util.Arrays.copyOfRange(args, 1, args.length);
        int environments = Integer.parseInt(args[1]);
        int accounts = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        double rate = Double.parseDouble(args[4]);
        Map<Integer, String> keys = new ConcurrentHashMap<>();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[5]))) {
            if (line.startsWith("account.")) {
                keys.put(Integer.parseInt(line.substring(8, line.indexOf('='))), line.substring(line.indexOf('=') + 1));
            }
        }
        List<String> jades = List.of(args[6].split(","));
        int perAccount = environments / accounts;

        ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Pending> sampled = new ConcurrentLinkedQueue<>();
        List<Long> staleness = Collections.synchronizedList(new ArrayList<>());
        List<Long> listedStaleness = Collections.synchronizedList(new ArrayList<>());
        AtomicLong commits = new AtomicLong();
        AtomicLong events = new AtomicLong();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService watchers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "watcher");
            t.setDaemon(true);
            return t;
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long giveUp = end + TimeUnit.SECONDS.toNanos(30);
        watchers.submit(() -> {
            try (Connection jade = DriverManager.getConnection(jadeUrl)) {
                while (System.nanoTime() < giveUp && !(System.nanoTime() > end && pending.isEmpty())) {
                    List<Pending> batch = new ArrayList<>(pending);
                    if (!batch.isEmpty()) {
                        Map<String, Integer> status = indexedStatus(jade, batch);
                        for (Pending p : batch) {
                            Integer s = status.get(p.environment() + " " + p.runId());
                            if (s != null && s == p.status() && pending.remove(p)) {
                                staleness.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - p.committedNanos()));
                                BUSY.remove(p.runId());
                            }
                        }
                    }
                    sleep(50);
                }
            }
            return null;
        });
        // each round asks for every sampled change at once (one request each, in parallel), so a slow answer
        // delays only its own change, not the changes behind it
        ExecutorService listers = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "lister");
            t.setDaemon(true);
            return t;
        });
        watchers.submit(() -> {
            Random random = new Random(7);
            while (System.nanoTime() < giveUp && !(System.nanoTime() > end && sampled.isEmpty())) {
                List<java.util.concurrent.Future<?>> round = new ArrayList<>();
                for (Pending p : new ArrayList<>(sampled)) {
                    int account = (p.environment() - 1) / perAccount + 1;
                    String base = jades.get(random.nextInt(jades.size()));
                    round.add(listers.submit(() -> {
                        String body = get(http, base + "/api/v2/accounts/" + account + "/runs/?environment_id="
                                + p.environment() + "&order_by=-id&limit=20", keys.get(account));
                        if (listed(body, p) && sampled.remove(p)) {
                            listedStaleness.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - p.committedNanos()));
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : round) {
                    f.get();
                }
                sleep(200);
            }
            listers.shutdown();
            return null;
        });
        // the stream: each event creates a queued run, or moves one of the driver's runs on (running, then finished)
        Random random = new Random(42);
        Map<Integer, List<String[]>> live = new ConcurrentHashMap<>();
        long intervalNanos = (long) (1_000_000_000L / rate);
        long next = System.nanoTime();
        int sequence = 0;
        long started = System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection(airflowUrl)) {
            while (System.nanoTime() < end) {
                int env = 1 + random.nextInt(environments);
                String schema = String.format("e%04d", env);
                List<String[]> runs = live.computeIfAbsent(env, e -> new ArrayList<>());
                String runId;
                int status;
                List<String[]> free = runs.stream().filter(r -> !BUSY.contains(r[0])).toList();
                if (free.isEmpty() || random.nextInt(3) == 0) {
                    runId = "manual__churn_" + started + "_" + (++sequence);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".dag_run (dag_id, "
                            + "queued_at, execution_date, state, run_id, run_type, external_trigger, updated_at) "
                            + "VALUES ('bench_dag_1', now(), now() + make_interval(secs => ?), 'queued', ?, 'manual', "
                            + "true, now())")) {
                        ps.setInt(1, sequence);
                        ps.setString(2, runId);
                        ps.executeUpdate();
                    }
                    runs.add(new String[]{runId, "queued"});
                    status = 1;
                } else {
                    String[] run = free.get(random.nextInt(free.size()));
                    runId = run[0];
                    String previous = run[1];
                    String state = previous.equals("queued") ? "running" : previous.equals("running")
                            ? (random.nextInt(5) == 0 ? "failed" : "success") : "failed";
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".dag_run SET state = ?, "
                            + "start_date = COALESCE(start_date, now()), end_date = CASE WHEN ? THEN now() END, "
                            + "updated_at = now() WHERE run_id = ?")) {
                        ps.setString(1, state);
                        ps.setBoolean(2, !state.equals("running"));
                        ps.setString(3, runId);
                        ps.executeUpdate();
                    }
                    run[1] = state;
                    if (!previous.equals("queued") && !previous.equals("running") || state.equals("failed")) {
                        runs.remove(run); // finished, then marked failed (or failed at once): no further change
                    }
                    status = state.equals("running") ? 3 : state.equals("success") ? 10 : 20;
                }
                commits.incrementAndGet();
                events.incrementAndGet();
                BUSY.add(runId);
                Pending event = new Pending(env, runId, status, System.nanoTime());
                pending.add(event);
                if (events.get() % 10 == 0) {
                    sampled.add(event);
                }
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        }
        watchers.shutdown();
        watchers.awaitTermination(60, TimeUnit.SECONDS);
        List<Long> sorted = new ArrayList<>(staleness);
        Collections.sort(sorted);
        List<Long> listedSorted = new ArrayList<>(listedStaleness);
        Collections.sort(listedSorted);
        System.out.printf("events=%d indexed=%d missing=%d p50=%d p99=%d max=%d listed_sample=%d listed_p50=%d "
                        + "listed_p99=%d airflow_commits=%d%n", events.get(), sorted.size(), pending.size(),
                percentile(sorted, 50), percentile(sorted, 99), sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1),
                listedSorted.size(), percentile(listedSorted, 50), percentile(listedSorted, 99), commits.get());
    }

    /** The index's status of each pending run, by "environment run_id" (one query). */
    private static Map<String, Integer> indexedStatus(Connection jade, List<Pending> batch) throws Exception {
        Map<String, Integer> out = new java.util.HashMap<>();
        Long[] envs = batch.stream().map(p -> (long) p.environment()).toArray(Long[]::new);
        String[] runIds = batch.stream().map(Pending::runId).toArray(String[]::new);
        try (PreparedStatement ps = jade.prepareStatement("""
                SELECT r.environment_id, r.run_id, r.status FROM unnest(?::bigint[], ?::text[]) AS p(env, run_id)
                JOIN run_index r ON r.environment_id = p.env AND r.run_id = p.run_id AND r.dag_id = 'bench_dag_1'
                WHERE r.deleted_at IS NULL""")) {
            ps.setArray(1, jade.createArrayOf("bigint", envs));
            ps.setArray(2, jade.createArrayOf("text", runIds));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1) + " " + rs.getString(2), rs.getInt(3));
                }
            }
        }
        return out;
    }

    /** True when the list shows the run with the status (each run object of the list starts with its id). */
    private static boolean listed(String body, Pending p) {
        for (String run : body.split("\\{\"id\":")) {
            Matcher id = RUN_ID.matcher(run);
            if (id.find() && id.group(1).equals(p.runId())) {
                Matcher status = STATUS.matcher(run);
                return status.find() && Integer.parseInt(status.group(1)) == p.status();
            }
        }
        return false;
    }

    private static String get(HttpClient http, String url, String key) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Token " + key).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
