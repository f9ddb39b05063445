package com.datacoves.jade.auth;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.ForbiddenException;
import com.datacoves.jade.common.TextInput;
import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.datacoves.ProjectRepository;
import com.datacoves.jade.datacoves.ProjectRow;
import jakarta.inject.Singleton;

/**
 * Checks that a caller may reach a project or environment named by slug (path, query, form or JSON body), looking it
 * up in the Datacoves database. A slug that does not exist and one of another account get the same 403, so a caller
 * cannot learn whether another tenant's resource exists. Messages are the original Jade's (its spelling kept).
 */
@Singleton
public class AccessGuard {

    /** 403 text for an account that is not the key's. */
    public static final String NO_ACCOUNT = "Invalid Account in Path. You have no accces to this account.";
    /** 403 text for a project that is not the key's. */
    public static final String NO_PROJECT = "Invalid Project in Path. You have no accces to this project.";
    /** 403 text for an environment that is not the key's. */
    public static final String NO_ENVIRONMENT = "Invalid Environment in Path. You have no accces to this environment.";

    private final EnvironmentRepository environments;
    private final ProjectRepository projects;

    public AccessGuard(EnvironmentRepository environments, ProjectRepository projects) {
        this.environments = environments;
        this.projects = projects;
    }

    /**
     * @return the environment with that slug when the caller reaches it
     * @throws JadeException 403 otherwise (also when it does not exist); 400 for a slug with a NUL or over 255
     *                      characters
     */
    public EnvironmentRow environment(Caller caller, String slug) {
        return environments.findBySlug(TextInput.name("environment_slug", slug))
                .filter(e -> caller.reaches(e, caller.projects() == null ? null
                        : projects.findById(e.projectId()).map(ProjectRow::slug).orElse(null)))
                .orElseThrow(() -> new ForbiddenException(NO_ENVIRONMENT));
    }

    /**
     * @return the project with that slug when the caller reaches it
     * @throws JadeException 403 otherwise (also when it does not exist); 400 for a slug with a NUL or over 255
     *                      characters
     */
    public ProjectRow project(Caller caller, String slug) {
        return projects.findBySlug(TextInput.name("project_slug", slug))
                .filter(caller::reaches)
                .orElseThrow(() -> new ForbiddenException(NO_PROJECT));
    }
}
