package com.datacoves.jade.jobs;

import com.datacoves.jade.artifacts.ArtifactFinder;
import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.Listing;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.common.PageRequest;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.dbtcloud.EnvironmentMapper;
import com.datacoves.jade.dbtcloud.Job;
import com.datacoves.jade.dbtcloud.JobMapper;
import com.datacoves.jade.dbtcloud.Run;
import com.datacoves.jade.dbtcloud.RunArtifacts;
import com.datacoves.jade.dbtcloud.RunMapper;
import com.datacoves.jade.environments.EnvironmentScope;
import com.datacoves.jade.environments.EnvironmentService;
import com.datacoves.jade.index.IndexScheduler;
import com.datacoves.jade.index.JobIndexRepository;
import com.datacoves.jade.index.JobQuery;
import com.datacoves.jade.index.JobRow;
import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.index.RunRow;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * dbt Cloud jobs = Airflow DAGs, from Jade's job index (docs/jobs.md), limited to the environments the caller reaches.
 * A job the caller may not read is a 404, like one that does not exist.
 */
@Singleton
public class JobService {

    /**
     * Which related objects to embed ({@code include_related}).
     *
     * @param environment            the job's environment
     * @param mostRecentRun          the DAG's newest DAG run, as a dbt Cloud run
     * @param mostRecentCompletedRun its newest finished one
     * @param baseUrl                scheme://host of the request, for the runs' {@code href}
     */
    public record Related(boolean environment, boolean mostRecentRun, boolean mostRecentCompletedRun,
                          String baseUrl) {
    }

    private final JobIndexRepository jobs;
    private final RunIndexRepository runs;
    private final EnvironmentService environments;
    private final IndexScheduler index;
    private final ArtifactFinder artifacts;
    private final JsonMapper json;

    /** Reads the job and run index, the caller's environments and which runs stored artifacts. */
    public JobService(JobIndexRepository jobs, RunIndexRepository runs, EnvironmentService environments,
                      IndexScheduler index, ArtifactFinder artifacts, JsonMapper json) {
        this.json = json;
        this.jobs = jobs;
        this.runs = runs;
        this.environments = environments;
        this.index = index;
        this.artifacts = artifacts;
    }

    /**
     * A page of the account's jobs matching the filters, after the index has read every never-indexed environment
     * of the account once (docs/index.md).
     *
     * @param filters the list filters; their environment ids are narrowed to those the caller reaches
     * @throws NotFoundException when the caller may not read the account
     */
    public Listing<Job> list(Caller caller, JobQuery filters, PageRequest page, Related related) {
        EnvironmentScope scope = environments.scope(caller, filters.accountId());
        List<Long> environmentIds = scope.restrict(filters.environmentIds());
        List<String> unreachable = index.awaitFresh(scope.within(environmentIds));
        JobQuery scoped = new JobQuery(filters.accountId(), filters.projectIds(), environmentIds,
                filters.nameContains(), filters.ids(), filters.idAbove(),
                filters.state());
        Page<JobRow> rows = jobs.page(scoped, page);
        Instant now = Instant.now();
        Recent recent = recent(scope, rows.items(), related, now);
        Set<Long> docs = withDocs(scope, rows.items());
        return new Listing<>(rows.map(j -> map(j, scope, related, recent, docs, now)), unreachable);
    }

    /**
     * One job.
     *
     * @throws NotFoundException when it is not a job of the account in an environment the caller reaches
     */
    public Job get(Caller caller, long accountId, long id, Related related) {
        EnvironmentScope scope = environments.scope(caller, accountId);
        JobRow j = jobs.find(accountId, id).filter(row -> scope.contains(row.environmentId()))
                .orElseThrow(NotFoundException::new);
        Instant now = Instant.now();
        return map(j, scope, related, recent(scope, List.of(j), related, now), withDocs(scope, List.of(j)), now);
    }

    /**
     * dbt Cloud's "Update job" on a DAG: answers the job unchanged when the update changes no writable field, else
     * refuses it ({@link JobUpdates}).
     *
     * @param update the request body as a JSON object
     * @throws NotFoundException when it is not a job of the account in an environment the caller reaches
     * @throws com.datacoves.jade.common.UnprocessableException naming the fields the update would change
     */
    @SuppressWarnings("unchecked")
    public Job update(Caller caller, long accountId, long id, Map<String, Object> update, String baseUrl) {
        Job job = get(caller, accountId, id, new Related(false, false, false, baseUrl));
        Map<String, Object> current;
        try {
            current = json.readValue(json.writeValueAsBytes(job), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JobUpdates.check(current, update);
        return job;
    }

    /** Ids of the jobs that generate docs (a recent run stored a catalog), among {@code page}. */
    private Set<Long> withDocs(EnvironmentScope scope, List<JobRow> page) {
        Map<Long, String> slugs = scope.slugsOf(page.stream().map(JobRow::environmentId).toList());
        return new HashSet<>(artifacts.jobsWithDocs(page.stream().map(JobRow::id).toList(), slugs));
    }

    /** The jobs' most recent runs by job id, read only when asked for. */
    private Recent recent(EnvironmentScope scope, List<JobRow> page, Related related, Instant now) {
        if (!related.mostRecentRun() && !related.mostRecentCompletedRun()) {
            return Recent.NONE;
        }
        List<Long> ids = page.stream().map(JobRow::id).toList();
        Map<Long, RunRow> latest = related.mostRecentRun() ? runs.latestOfJobs(scope.accountId(), ids, false) : Map.of();
        Map<Long, RunRow> completed = related.mostRecentCompletedRun()
                ? runs.latestOfJobs(scope.accountId(), ids, true) : Map.of();
        List<RunRow> all = new ArrayList<>(latest.values());
        all.addAll(completed.values());
        Map<Long, RunArtifacts> held = artifacts.presence(all,
                scope.slugsOf(all.stream().map(RunRow::environmentId).toList()));
        Function<RunRow, Run> wire = r -> RunMapper.toRun(r, scope.environments().get(r.environmentId()),
                held.getOrDefault(r.id(), RunArtifacts.NONE),
                new RunMapper.Context(now, related.baseUrl(), false, null, null, List.of()));
        return new Recent(toWire(latest, wire), toWire(completed, wire));
    }

    private static Map<Long, Run> toWire(Map<Long, RunRow> rows, Function<RunRow, Run> wire) {
        return rows.values().stream().collect(Collectors.toMap(RunRow::jobId, wire));
    }

    /** Most recent runs by job id (empty maps when not asked for). */
    private record Recent(Map<Long, Run> latest, Map<Long, Run> completed) {
        static final Recent NONE = new Recent(Map.of(), Map.of());
    }

    private static Job map(JobRow j, EnvironmentScope scope, Related related, Recent recent, Set<Long> docs,
                           Instant now) {
        EnvironmentRow env = scope.environments().get(j.environmentId());
        Object nested = env != null && related.environment()
                ? EnvironmentMapper.toEnvironment(env, null, null, null) : null;
        return JobMapper.toJob(j, env, nested, recent.latest().get(j.id()), recent.completed().get(j.id()),
                docs.contains(j.id()), now);
    }
}
