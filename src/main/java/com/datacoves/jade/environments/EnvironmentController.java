package com.datacoves.jade.environments;

import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.IncludeRelated;
import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.http.QueryParams;
import com.datacoves.jade.projects.ProjectMapper;
import com.datacoves.jade.projects.ProjectRepository;
import com.datacoves.jade.projects.ProjectRow;
import com.datacoves.jade.projects.Repository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * dbt Cloud environments: v2 account-wide ({@code /api/v2/accounts/{a}/environments}) and v3 per project
 * ({@code /api/v3/accounts/{a}/projects/{p}/environments}). Scoped to the caller's account; ids elsewhere → 404.
 * Filters (in memory, few rows per account): {@code name__icontains}, {@code name}, {@code project_id},
 * {@code pk}, {@code id__gt}; order_by {@code id} or {@code name}.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dbt Cloud: environments")
public class EnvironmentController {

    private final EnvironmentRepository environments;
    private final ProjectRepository projects;

    public EnvironmentController(EnvironmentRepository environments, ProjectRepository projects) {
        this.environments = environments;
        this.projects = projects;
    }

    /** {@code GET /api/v2/accounts/{a}/environments/}. */
    @Get("/api/v2/accounts/{accountId}/environments")
    @Operation(summary = "List environments (v2)", description = "Filters: project_id, name__icontains, name, pk, id__gt.")
    public Envelope listV2(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           HttpRequest<?> request) {
        return list(caller, null, request);
    }

    /** {@code GET /api/v2/accounts/{a}/environments/{id}/}. */
    @Get("/api/v2/accounts/{accountId}/environments/{id}")
    @Operation(summary = "Retrieve environment (v2)")
    public Envelope getV2(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                          @PathVariable long id, HttpRequest<?> request) {
        return Envelope.of(one(caller, null, id, request));
    }

    /** {@code GET /api/v3/accounts/{a}/projects/{p}/environments/}; 404 when the project is not the account's. */
    @Get("/api/v3/accounts/{accountId}/projects/{projectId}/environments")
    @Operation(summary = "List environments of a project (v3)", description = "Filters: name__icontains, name, pk, id__gt.")
    public Envelope listV3(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           @PathVariable long projectId, HttpRequest<?> request) {
        projects.findInAccount(caller.accountId(), projectId).orElseThrow(NotFoundException::new);
        return list(caller, projectId, request);
    }

    /** {@code GET /api/v3/accounts/{a}/projects/{p}/environments/{id}/}. */
    @Get("/api/v3/accounts/{accountId}/projects/{projectId}/environments/{id}")
    @Operation(summary = "Retrieve environment (v3)")
    public Envelope getV3(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                          @PathVariable long projectId, @PathVariable long id, HttpRequest<?> request) {
        return Envelope.of(one(caller, projectId, id, request));
    }

    private Environment one(Caller caller, @Nullable Long projectId, long id, HttpRequest<?> request) {
        EnvironmentRow e = environments.findInAccount(caller.accountId(), id)
                .filter(row -> projectId == null || row.projectId() == projectId)
                .orElseThrow(NotFoundException::new);
        Map<Long, ProjectRow> byId = projectsById(caller);
        return map(e, byId, IncludeRelated.of(request));
    }

    private Envelope list(Caller caller, @Nullable Long pathProject, HttpRequest<?> request) {
        ListQuery q = ListQuery.of(request, Set.of("id", "name"), "id");
        q.filter("account_id", caller.accountId());
        Stream<EnvironmentRow> rows = environments.findByAccount(caller.accountId()).stream();
        Long project = pathProject != null ? pathProject : QueryParams.number(request, "project_id").orElse(null);
        if (project != null) {
            q.filter("project_id", project);
            rows = rows.filter(e -> e.projectId() == project);
        }
        String icontains = QueryParams.text(request, "name__icontains").map(v -> q.filter("name__icontains", v)).orElse(null);
        if (icontains != null) {
            rows = rows.filter(e -> e.name().toLowerCase(Locale.ROOT).contains(icontains.toLowerCase(Locale.ROOT)));
        }
        String name = QueryParams.text(request, "name").map(v -> q.filter("name", v)).orElse(null);
        if (name != null) {
            rows = rows.filter(e -> e.name().equals(name));
        }
        Long pk = QueryParams.number(request, "pk").map(v -> q.filter("pk", v)).orElse(null);
        if (pk != null) {
            rows = rows.filter(e -> e.id() == pk);
        }
        Long idGt = QueryParams.number(request, "id__gt").map(v -> q.filter("id__gt", v)).orElse(null);
        if (idGt != null) {
            rows = rows.filter(e -> e.id() > idGt);
        }
        Comparator<EnvironmentRow> order = q.orderField().equals("name")
                ? Comparator.comparing((EnvironmentRow e) -> e.name().toLowerCase(Locale.ROOT)).thenComparing(EnvironmentRow::id)
                : Comparator.comparing(EnvironmentRow::id);
        Page<EnvironmentRow> page = Page.slice(rows.sorted(q.descending() ? order.reversed() : order).toList(), q.page());
        Map<Long, ProjectRow> byId = projectsById(caller);
        IncludeRelated include = IncludeRelated.of(request);
        return q.envelope(page.items().stream().map(e -> map(e, byId, include)).toList(), page.total(), List.of());
    }

    private Map<Long, ProjectRow> projectsById(Caller caller) {
        return projects.findByAccount(caller.accountId()).stream()
                .collect(Collectors.toMap(ProjectRow::id, Function.identity()));
    }

    private static Environment map(EnvironmentRow e, Map<Long, ProjectRow> projects, IncludeRelated include) {
        ProjectRow p = projects.get(e.projectId());
        Long repositoryId = p == null ? null : p.repositoryId();
        Object repository = p != null && include.has("repository") ? Repository.of(p) : null;
        Object project = p != null && include.has("project")
                ? ProjectMapper.toProject(p, List.of(), IncludeRelated.NONE) : null;
        return EnvironmentMapper.toEnvironment(e, repositoryId, repository, project);
    }
}
