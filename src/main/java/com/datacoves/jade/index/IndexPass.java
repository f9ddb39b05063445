package com.datacoves.jade.index;

import com.datacoves.jade.airflow.AirflowDatabase;
import com.datacoves.jade.airflow.DagRepository;
import com.datacoves.jade.airflow.DagRow;
import com.datacoves.jade.airflow.DagRunRepository;
import com.datacoves.jade.airflow.DagRunRow;
import com.datacoves.jade.airflow.DbtCommands;
import com.datacoves.jade.airflow.TaskInstanceRepository;
import com.datacoves.jade.airflow.TaskInstanceRow;
import com.datacoves.jade.datacoves.EnvironmentRow;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One refresh pass of one environment (docs/index.md, "A pass"): reads what changed in its Airflow database since the
 * stored position and writes it to the index. A pass never moves past a row it did not read, so it cannot skip one:
 *
 * <ol>
 *   <li>DAGs → {@code job_index}, every {@code jade.index.dag-interval} (only what a client sees; written when it
 *       changed);</li>
 *   <li>one statement on {@code dag_run}: the runs above the high mark (in id order, {@code batch} at most, then more
 *       pages), the holes and the runs the index has as unfinished (by id), the queued and running runs (Airflow's
 *       partial indexes: this catches a cleared run), the recent runs updated within the late-commit window, a page
 *       of the sweep while one is in progress, and the newest run;</li>
 *   <li>the runs read → {@code run_index}; ids between the old and the new high mark that were not read become holes
 *       (a transaction that took its id earlier commits later) and are re-read until found or past the horizon;
 *       runs the index lists but Airflow no longer has (an unfinished run re-read by id, or a sweep range) are marked
 *       deleted;</li>
 *   <li>a job's {@code execute_steps} from the task ids of its newest started run, when that run is new.</li>
 * </ol>
 * Idempotent: a pass repeated from the same position (its replica died before storing it) writes nothing twice.
 */
@Singleton
public class IndexPass {

    /**
     * What a pass did.
     *
     * @param position where the next pass starts
     * @param rowsRead DAG runs read from Airflow
     * @param changed  true when it changed a row of the index
     */
    public record Result(IndexState.Position position, int rowsRead, boolean changed) {
    }

    private final DagRepository dags;
    private final DagRunRepository dagRuns;
    private final TaskInstanceRepository tasks;
    private final JobIndexRepository jobs;
    private final RunIndexRepository runs;
    private final IndexSettings settings;
    private final Jdbi jade;

    /** Wires the Airflow readers and the index writers. */
    public IndexPass(DagRepository dags, DagRunRepository dagRuns, TaskInstanceRepository tasks,
                     JobIndexRepository jobs, RunIndexRepository runs, IndexSettings settings,
                     @Named("jade") Jdbi jade) {
        this.jade = jade;
        this.dags = dags;
        this.dagRuns = dagRuns;
        this.tasks = tasks;
        this.jobs = jobs;
        this.runs = runs;
        this.settings = settings;
    }

    /**
     * Runs one pass.
     *
     * @param from where the previous pass ended
     * @param now  the pass's start (sweep schedule, hole ages, the late-commit window)
     * @throws RuntimeException when Airflow's or Jade's database fails; nothing of the position is then stored, and
     *                          what was written stays valid
     */
    public Result run(EnvironmentRow env, AirflowDatabase db, IndexState.Position from, Instant now) {
        // one connection to each database for the whole pass: the repositories' calls on this thread share them
        return db.jdbi().withHandle(airflow -> jade.withHandle(index -> pass(env, db, from, now)));
    }

    private Result pass(EnvironmentRow env, AirflowDatabase db, IndexState.Position from, Instant now) {
        boolean changed = false;
        String dagsDigest = from.dagsDigest();
        Instant dagsReadAt = from.dagsReadAt();
        if (dagsReadAt == null || !dagsReadAt.plus(settings.dagInterval()).isAfter(now)) {
            List<DagRow> dagRows = dags.all(db);
            dagsReadAt = now;
            String digest = digest(dagRows);
            if (!digest.equals(dagsDigest)) {
                changed = jobs.upsertDags(env, dagRows);
                dagsDigest = digest;
            }
        }

        Map<Long, Instant> holes = new LinkedHashMap<>();
        from.holes().forEach(h -> holes.put(h.dagRunId(), h.seenAt()));
        Map<Long, RunIndexRepository.Indexed> unfinished = runs.unfinished(env.id());
        Set<Long> recheck = new HashSet<>(holes.keySet());
        recheck.addAll(unfinished.keySet());
        boolean sweeping = from.sweepAfterId() != null || !now.isBefore(from.nextSweepAt());
        Long sweepAfter = from.sweepAfterId() != null ? from.sweepAfterId() : sweeping ? Long.valueOf(0) : null;
        long high = from.highDagRunId();

        DagRunRepository.Changes c = dagRuns.changes(db, new DagRunRepository.ChangeRequest(high,
                settings.batchSize(), recheck, settings.activeLimit(), Math.max(0, high - settings.recentRuns()),
                now.minus(settings.lateCommitWindow()).atOffset(java.time.ZoneOffset.UTC), sweepAfter,
                settings.sweepBatch()));
        Map<Long, DagRunRow> seen = new LinkedHashMap<>();
        for (List<DagRunRow> part : List.of(c.added(), c.rechecked(), c.active(), c.changed(), c.swept())) {
            part.forEach(r -> seen.put(r.dagRunId(), r));
        }
        int read = seen.size();
        List<DagRunRow> written = new ArrayList<>(differing(env, seen.values(), unfinished));
        changed |= runs.upsert(env, written);

        // the runs above the high mark, page after page; the ids skipped on the way become holes
        long newHigh = high;
        List<DagRunRow> page = c.added();
        for (int pages = 1; ; pages++) {
            newHigh = holesBefore(page, newHigh, holes, now);
            if (page.size() < settings.batchSize() || pages >= settings.maxPagesPerPass()) {
                break;
            }
            page = dagRuns.after(db, newHigh, settings.batchSize());
            read += page.size();
            page.forEach(r -> seen.put(r.dagRunId(), r));
            changed |= runs.upsert(env, page);
            written.addAll(page);
        }
        long newest = c.newest().map(DagRunRow::dagRunId).orElse(0L);
        if (newest < high) {
            // rows above Airflow's newest one were deleted (or the database was reset): read from there again
            newHigh = newest;
        }
        long highMark = newHigh;
        holes.keySet().removeIf(id -> seen.containsKey(id) || id > highMark);
        holes.values().removeIf(seenAt -> seenAt.isBefore(now.minus(settings.holeHorizon())));
        while (holes.size() > settings.maxHoles()) {
            holes.remove(holes.keySet().iterator().next());
        }

        // runs the index lists that Airflow no longer has
        Set<Long> gone = new HashSet<>();
        Set<Long> rechecked = new HashSet<>();
        c.rechecked().forEach(r -> rechecked.add(r.dagRunId()));
        for (Long id : unfinished.keySet()) {
            if (!rechecked.contains(id) && id <= high) {
                gone.add(id);
            }
        }
        Long nextSweepAfter = null;
        Instant nextSweepAt = from.nextSweepAt();
        if (sweepAfter != null) {
            List<DagRunRow> swept = c.swept();
            boolean complete = swept.size() < settings.sweepBatch();
            long upTo = complete ? Long.MAX_VALUE : swept.get(swept.size() - 1).dagRunId();
            Set<Long> inAirflow = new HashSet<>();
            swept.forEach(r -> inAirflow.add(r.dagRunId()));
            for (Long id : runs.listedDagRunIds(env.id(), sweepAfter, upTo)) {
                if (!inAirflow.contains(id)) {
                    gone.add(id);
                }
            }
            if (complete) {
                nextSweepAt = now.plus(settings.sweepInterval());
            } else {
                nextSweepAfter = upTo;
            }
        }
        changed |= runs.markDeleted(env.id(), gone) > 0;
        changed |= refreshSteps(env, db, written);

        List<IndexState.Hole> kept = new ArrayList<>();
        holes.forEach((id, at) -> kept.add(new IndexState.Hole(id, at)));
        return new Result(new IndexState.Position(highMark, kept, nextSweepAfter, nextSweepAt, dagsDigest, dagsReadAt),
                read, changed);
    }

    /**
     * The runs read whose data the index does not hold yet: compared with the unfinished runs the pass loaded anyway,
     * and with one lookup for the others. A pass over unchanged runs writes nothing and takes no lock.
     */
    private List<DagRunRow> differing(EnvironmentRow env, Collection<DagRunRow> read,
                                      Map<Long, RunIndexRepository.Indexed> unfinished) {
        List<Long> unknown = new ArrayList<>();
        for (DagRunRow r : read) {
            if (!unfinished.containsKey(r.dagRunId())) {
                unknown.add(r.dagRunId());
            }
        }
        Map<Long, RunIndexRepository.Indexed> indexed = runs.indexed(env.id(), unknown);
        List<DagRunRow> out = new ArrayList<>();
        for (DagRunRow r : read) {
            RunIndexRepository.Indexed i = unfinished.containsKey(r.dagRunId()) ? unfinished.get(r.dagRunId())
                    : indexed.get(r.dagRunId());
            if (i == null || !i.holds(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** SHA-256 (hex) of the DAGs as the index stores them, to skip writing DAGs that did not change. */
    static String digest(List<DagRow> dags) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (DagRow d : dags) {
                md.update(String.valueOf(d).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Notes as holes the ids above {@code high} that a page of runs (in id order, all above {@code high}) skipped.
     *
     * @return the page's highest id, or {@code high} for an empty page
     */
    private long holesBefore(List<DagRunRow> page, long high, Map<Long, Instant> holes, Instant now) {
        long previous = high;
        for (DagRunRow r : page) {
            long id = r.dagRunId();
            for (long gap = previous + 1; gap < id && holes.size() < settings.maxHoles(); gap++) {
                holes.putIfAbsent(gap, now);
            }
            previous = id;
        }
        return previous;
    }

    /**
     * Sets {@code execute_steps} of each DAG from its newest run among those just read: a started run whose number
     * is above the run the steps came from, or the same run once it finished (its later tasks' commands are only
     * known once they ran). Each task contributes its dbt commands but {@code dbt deps}, or its task id when it runs
     * no dbt ({@link TaskInstanceRow#dbtCommands}).
     */
    private boolean refreshSteps(EnvironmentRow env, AirflowDatabase db, Collection<DagRunRow> read) {
        Map<String, DagRunRow> newestStarted = new HashMap<>();
        for (DagRunRow r : read) {
            if (r.startedAt() != null && r.dagRunId() != null) {
                newestStarted.merge(r.dagId(), r, (a, b) -> a.dagRunId() >= b.dagRunId() ? a : b);
            }
        }
        if (newestStarted.isEmpty()) {
            return false;
        }
        Map<String, Long> sources = jobs.stepsSources(env.id());
        boolean changed = false;
        for (DagRunRow r : newestStarted.values()) {
            Long source = sources.get(r.dagId());
            if (source == null || source < r.dagRunId() || source.equals(r.dagRunId()) && r.finishedAt() != null) {
                List<String> steps = new ArrayList<>();
                for (TaskInstanceRow t : tasks.ofRun(db, r.dagId(), r.airflowRunId())) {
                    if (t.dbtCommands().isEmpty()) {
                        steps.add(t.taskId());
                    } else {
                        t.dbtCommands().stream().filter(DbtCommands::isExecuteStep).forEach(steps::add);
                    }
                }
                if (!steps.isEmpty()) {
                    changed |= jobs.updateSteps(env.id(), r.dagId(), r.dagRunId(), steps);
                }
            }
        }
        return changed;
    }
}
