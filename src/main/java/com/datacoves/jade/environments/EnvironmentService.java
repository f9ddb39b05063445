package com.datacoves.jade.environments;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.NamedQuery;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.common.PageRequest;
import com.datacoves.jade.datacoves.EnvironmentCache;
import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.datacoves.ProjectRepository;
import com.datacoves.jade.datacoves.ProjectRow;
import com.datacoves.jade.dbtcloud.Environment;
import com.datacoves.jade.dbtcloud.EnvironmentMapper;
import com.datacoves.jade.dbtcloud.ProjectMapper;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * dbt Cloud environments = Datacoves environments the caller may read, account-wide (v2) or per project (v3).
 * Filtered and paged in memory ({@link NamedQuery}); one the caller may not read is a 404.
 */
@Singleton
public class EnvironmentService {

    /**
     * Which related objects to embed.
     *
     * @param repository the project's repository ({@code include_related=repository})
     * @param project    the project ({@code include_related=project})
     */
    public record Related(boolean repository, boolean project) {
    }

    /**
     * The environment-kind filters of dbt Cloud's environment lists.
     *
     * @param type            {@code development} or {@code deployment} ({@code type}), or null for both
     * @param deploymentTypes the {@code deployment_type} values to keep ({@code production}, {@code staging}; from
     *                        {@code deployment_type} and {@code deployment_type__in}); empty keeps all. A development
     *                        environment has no deployment type, so a non-empty list never keeps one.
     */
    public record Kinds(@Nullable String type, List<String> deploymentTypes) {

        /** No kind filter. */
        public static final Kinds ALL = new Kinds(null, List.of());

        boolean keeps(EnvironmentRow e) {
            return (type == null || type.equals(EnvironmentMapper.type(e.type())))
                    && (deploymentTypes.isEmpty() || deploymentTypes.contains(EnvironmentMapper.deploymentType(e.type())));
        }
    }

    private final EnvironmentRepository environments;
    private final EnvironmentCache cache;
    private final ProjectRepository projects;

    /** Reads Datacoves' environments and projects. */
    public EnvironmentService(EnvironmentRepository environments, EnvironmentCache cache,
                              ProjectRepository projects) {
        this.environments = environments;
        this.cache = cache;
        this.projects = projects;
    }

    /**
     * The environments of the account the caller may read, from the environment cache (no database work on a hit;
     * the project table is read only for a caller limited to some projects or environments).
     *
     * @throws NotFoundException when the caller may not read the account
     */
    public EnvironmentScope scope(Caller caller, long accountId) {
        if (!caller.reachesAccount(accountId)) {
            throw new NotFoundException();
        }
        List<EnvironmentRow> all = cache.byAccount(accountId);
        boolean whole = caller.projects() == null && caller.environments() == null;
        Map<Long, ProjectRow> byId = whole ? Map.of() : projectsOf(accountId);
        Map<Long, EnvironmentRow> reachable = all.stream().filter(e -> whole || reaches(caller, e, byId))
                .collect(Collectors.toMap(EnvironmentRow::id, Function.identity()));
        return new EnvironmentScope(accountId, reachable, whole);
    }

    /**
     * A page of the account's environments the caller may read.
     *
     * @param projectId only this project's, or null for all
     */
    public Page<Environment> list(Caller caller, long accountId, @Nullable Long projectId, NamedQuery query,
                                  PageRequest page, Related related) {
        return list(caller, accountId, projectId, Kinds.ALL, query, page, related);
    }

    /**
     * A page of the account's environments the caller may read, of the given kinds.
     *
     * @param projectId only this project's, or null for all
     * @param kinds     the {@code type} / {@code deployment_type} filters
     */
    public Page<Environment> list(Caller caller, long accountId, @Nullable Long projectId, Kinds kinds,
                                  NamedQuery query, PageRequest page, Related related) {
        Map<Long, ProjectRow> byId = projectsOf(accountId);
        List<EnvironmentRow> rows = environments.findByAccount(accountId).stream()
                .filter(e -> projectId == null || e.projectId() == projectId)
                .filter(kinds::keeps)
                .filter(e -> reaches(caller, e, byId)).toList();
        return query.apply(rows, EnvironmentRow::id, EnvironmentRow::name, page).map(e -> map(e, byId, related));
    }

    /**
     * The environment.
     *
     * @param projectId the project it must belong to, or null
     * @throws NotFoundException when it is not one the caller may read in that account (and project)
     */
    public Environment get(Caller caller, long accountId, @Nullable Long projectId, long id, Related related) {
        Map<Long, ProjectRow> byId = projectsOf(accountId);
        EnvironmentRow e = environments.findById(id)
                .filter(row -> row.accountId() == accountId && (projectId == null || row.projectId() == projectId))
                .filter(row -> reaches(caller, row, byId))
                .orElseThrow(NotFoundException::new);
        return map(e, byId, related);
    }

    /** The environment by id when it belongs to the account (no caller check: for rows already authorised). */
    public java.util.Optional<EnvironmentRow> environment(long accountId, long environmentId) {
        return environments.findById(environmentId).filter(e -> e.accountId() == accountId);
    }

    /**
     * The project of a v3 route, when the caller may read it.
     *
     * @throws NotFoundException otherwise
     */
    public ProjectRow requireProject(Caller caller, long accountId, long projectId) {
        return projects.findById(projectId).filter(p -> p.accountId() == accountId && caller.reaches(p))
                .orElseThrow(NotFoundException::new);
    }

    private Map<Long, ProjectRow> projectsOf(long accountId) {
        return projects.findByAccount(accountId).stream()
                .collect(Collectors.toMap(ProjectRow::id, Function.identity()));
    }

    private static boolean reaches(Caller caller, EnvironmentRow e, Map<Long, ProjectRow> projects) {
        ProjectRow p = projects.get(e.projectId());
        return caller.reaches(e, p == null ? null : p.slug());
    }

    private static Environment map(EnvironmentRow e, Map<Long, ProjectRow> projects, Related related) {
        ProjectRow p = projects.get(e.projectId());
        Long repositoryId = p == null ? null : p.repositoryId();
        Object repository = p != null && related.repository() ? ProjectMapper.toRepository(p) : null;
        Object project = p != null && related.project() ? ProjectMapper.toProject(p, List.of(), false) : null;
        return EnvironmentMapper.toEnvironment(e, repositoryId, repository, project);
    }
}
