package com.datacoves.jade.projects;

import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.environments.Environment;
import com.datacoves.jade.environments.EnvironmentMapper;
import com.datacoves.jade.environments.EnvironmentRepository;
import com.datacoves.jade.environments.EnvironmentRow;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.IncludeRelated;
import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.http.QueryParams;
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
import java.util.Set;
import java.util.stream.Stream;

/**
 * dbt Cloud projects ({@code ProjectResponse}) under v2 and v3, always scoped to the caller's account. Datacoves has
 * few projects per account, so filters ({@code name__icontains}, {@code pk}, {@code pk__in}, {@code id__gt}) and
 * ordering ({@code id}, {@code name}) apply in memory to the account's projects. A project id of another account is a
 * 404 (never revealing that it exists).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dbt Cloud: projects")
public class ProjectController {

    private final ProjectRepository projects;
    private final EnvironmentRepository environments;

    public ProjectController(ProjectRepository projects, EnvironmentRepository environments) {
        this.projects = projects;
        this.environments = environments;
    }

    /** {@code GET /api/v2/accounts/{a}/projects/} (deprecated in dbt Cloud). */
    @Get("/api/v2/accounts/{accountId}/projects")
    @Operation(summary = "List projects (v2)", description = "Filters: name__icontains, pk, pk__in, id__gt; order_by id|name.")
    public Envelope listV2(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           HttpRequest<?> request) {
        return list(caller, request);
    }

    /** {@code GET /api/v3/accounts/{a}/projects/} (Airflow provider, dbt-cloud-cli). */
    @Get("/api/v3/accounts/{accountId}/projects")
    @Operation(summary = "List projects (v3)", description = "Filters: name__icontains, pk, pk__in, id__gt; order_by id|name.")
    public Envelope listV3(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           HttpRequest<?> request) {
        return list(caller, request);
    }

    /** {@code GET /api/v2/accounts/{a}/projects/{id}/}; 404 when not in the account. */
    @Get("/api/v2/accounts/{accountId}/projects/{id}")
    @Operation(summary = "Retrieve project (v2)")
    public Envelope getV2(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                          @PathVariable long id, HttpRequest<?> request) {
        return Envelope.of(one(caller, id, IncludeRelated.of(request)));
    }

    /** {@code GET /api/v3/accounts/{a}/projects/{id}/}; 404 when not in the account. */
    @Get("/api/v3/accounts/{accountId}/projects/{id}")
    @Operation(summary = "Retrieve project (v3)")
    public Envelope getV3(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                          @PathVariable long id, HttpRequest<?> request) {
        return Envelope.of(one(caller, id, IncludeRelated.of(request)));
    }

    private Project one(Caller caller, long id, IncludeRelated include) {
        ProjectRow p = projects.findInAccount(caller.accountId(), id).orElseThrow(NotFoundException::new);
        return ProjectMapper.toProject(p, environmentsOf(p, environments.findByAccount(caller.accountId())), include);
    }

    private Envelope list(Caller caller, HttpRequest<?> request) {
        ListQuery q = ListQuery.of(request, Set.of("id", "name"), "id");
        q.filter("account_id", caller.accountId());
        Stream<ProjectRow> rows = projects.findByAccount(caller.accountId()).stream();
        String name = QueryParams.text(request, "name__icontains").map(n -> q.filter("name__icontains", n)).orElse(null);
        if (name != null) {
            rows = rows.filter(p -> p.name().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT)));
        }
        Long pk = QueryParams.number(request, "pk").map(v -> q.filter("pk", v)).orElse(null);
        if (pk != null) {
            rows = rows.filter(p -> p.id() == pk);
        }
        List<Long> pkIn = QueryParams.numbers(request, "pk__in");
        if (!pkIn.isEmpty()) {
            q.filter("pk__in", pkIn);
            rows = rows.filter(p -> pkIn.contains(p.id()));
        }
        Long idGt = QueryParams.number(request, "id__gt").map(v -> q.filter("id__gt", v)).orElse(null);
        if (idGt != null) {
            rows = rows.filter(p -> p.id() > idGt);
        }
        Comparator<ProjectRow> order = q.orderField().equals("name")
                ? Comparator.comparing((ProjectRow p) -> p.name().toLowerCase(Locale.ROOT)).thenComparing(ProjectRow::id)
                : Comparator.comparing(ProjectRow::id);
        List<ProjectRow> sorted = rows.sorted(q.descending() ? order.reversed() : order).toList();
        Page<ProjectRow> page = Page.slice(sorted, q.page());
        List<EnvironmentRow> envs = environments.findByAccount(caller.accountId());
        IncludeRelated include = IncludeRelated.of(request);
        List<Project> data = page.items().stream().map(p -> ProjectMapper.toProject(p, environmentsOf(p, envs), include)).toList();
        return q.envelope(data, page.total(), List.of());
    }

    private static List<Environment> environmentsOf(ProjectRow p, List<EnvironmentRow> envs) {
        return envs.stream().filter(e -> e.projectId() == p.id())
                .map(e -> EnvironmentMapper.toEnvironment(e, p.repositoryId(), null, null)).toList();
    }
}
