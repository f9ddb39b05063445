package com.datacoves.jade.projects;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.NamedQuery;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.common.PageRequest;
import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.datacoves.ProjectRepository;
import com.datacoves.jade.datacoves.ProjectRow;
import com.datacoves.jade.dbtcloud.Environment;
import com.datacoves.jade.dbtcloud.EnvironmentMapper;
import com.datacoves.jade.dbtcloud.Project;
import com.datacoves.jade.dbtcloud.ProjectMapper;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * dbt Cloud projects = Datacoves projects the caller may read, each with its environments (the v3 shape). Datacoves
 * has few projects per account, so lists are filtered and paged in memory ({@link NamedQuery}). A project the caller
 * may not read is answered like one that does not exist (404), so no key can probe another tenant's ids.
 */
@Singleton
public class ProjectService {

    private final ProjectRepository projects;
    private final EnvironmentRepository environments;

    /** Reads Datacoves' projects and environments. */
    public ProjectService(ProjectRepository projects, EnvironmentRepository environments) {
        this.projects = projects;
        this.environments = environments;
    }

    /**
     * A page of the account's projects the caller may read.
     *
     * @param repository true to embed each project's repository ({@code include_related=repository})
     */
    public Page<Project> list(Caller caller, long accountId, NamedQuery query, PageRequest page, boolean repository) {
        List<ProjectRow> rows = projects.findByAccount(accountId).stream().filter(caller::reaches).toList();
        List<EnvironmentRow> envs = environments.findByAccount(accountId);
        return query.apply(rows, ProjectRow::id, ProjectRow::name, page)
                .map(p -> ProjectMapper.toProject(p, environmentsOf(caller, p, envs), repository));
    }

    /**
     * The project, with its environments.
     *
     * @throws NotFoundException when it is not one the caller may read in that account
     */
    public Project get(Caller caller, long accountId, long projectId, boolean repository) {
        ProjectRow p = require(caller, accountId, projectId);
        return ProjectMapper.toProject(p, environmentsOf(caller, p, environments.findByAccount(accountId)), repository);
    }

    /**
     * The project row, when the caller may read it in that account.
     *
     * @throws NotFoundException otherwise (also when it does not exist)
     */
    public ProjectRow require(Caller caller, long accountId, long projectId) {
        return projects.findById(projectId).filter(p -> p.accountId() == accountId && caller.reaches(p))
                .orElseThrow(NotFoundException::new);
    }

    private static List<Environment> environmentsOf(Caller caller, ProjectRow p, List<EnvironmentRow> envs) {
        return envs.stream().filter(e -> e.projectId() == p.id() && caller.reaches(e, p.slug()))
                .map(e -> EnvironmentMapper.toEnvironment(e, p.repositoryId(), null, null)).toList();
    }
}
