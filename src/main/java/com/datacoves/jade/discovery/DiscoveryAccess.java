package com.datacoves.jade.discovery;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.environments.EnvironmentScope;
import com.datacoves.jade.environments.EnvironmentService;
import com.datacoves.jade.index.JobIndexRepository;
import com.datacoves.jade.index.JobRow;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Which environments and jobs a caller reaches through the Discovery API and the data health tile: those of the
 * accounts its key reaches, as on the Administrative API (docs/authentication.md). One that is not reached is
 * answered exactly like a missing one, so ids of other accounts cannot be probed.
 */
@Singleton
public class DiscoveryAccess {

    private final EnvironmentService environments;
    private final JobIndexRepository jobs;

    /** Environments from the Datacoves database's scope, jobs from the run index. */
    public DiscoveryAccess(EnvironmentService environments, JobIndexRepository jobs) {
        this.environments = environments;
        this.jobs = jobs;
    }

    /** The environment with this dbt Cloud id, when the caller reaches it; empty otherwise. */
    public Optional<EnvironmentRow> environment(Caller caller, long environmentId) {
        for (long account : caller.accountIds()) {
            try {
                EnvironmentScope scope = environments.scope(caller, account);
                if (scope.contains(environmentId)) {
                    return Optional.of(scope.environments().get(environmentId));
                }
            } catch (NotFoundException e) {
                // an account the caller no longer reaches: nothing there
            }
        }
        return Optional.empty();
    }

    /** The job with this dbt Cloud id, when the caller reaches its environment; empty otherwise. */
    public Optional<JobRow> job(Caller caller, long jobId) {
        for (long account : caller.accountIds()) {
            Optional<JobRow> found = jobs.find(account, jobId);
            if (found.isPresent() && environment(caller, found.get().environmentId()).isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
