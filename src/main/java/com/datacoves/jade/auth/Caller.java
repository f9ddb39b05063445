package com.datacoves.jade.auth;

import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.datacoves.ProjectRow;
import io.micronaut.core.annotation.Nullable;

import java.util.Set;

/**
 * Who is calling and what they may reach (docs/authentication.md): set on the request by {@link AuthenticationFilter}
 * under {@link #ATTRIBUTE}; controllers receive it with {@code @RequestAttribute(Caller.ATTRIBUTE)} and services ask
 * it before answering about an account, project or environment.
 *
 * <p>A Jade key reaches one account and everything in it. A Datacoves-issued token reaches what Datacoves answered
 * for it: accounts, and within them the projects and environments it lists (by id or slug); an environment is also
 * reachable through its project.
 *
 * @param tokenId      the {@code api_tokens} id of a Jade key, null for a Datacoves-issued token
 * @param accountIds   the accounts the caller may read
 * @param projects     the projects the caller may read, or null for every project of its accounts
 * @param environments the environments the caller may read, or null for every environment of its accounts
 * @param allowTrigger true when the caller may start and stop runs (trigger, rerun, cancel)
 */
public record Caller(@Nullable Long tokenId, Set<Long> accountIds, @Nullable Names projects,
                     @Nullable Names environments, boolean allowTrigger) {

    /** Request attribute name. */
    public static final String ATTRIBUTE = "jade.caller";

    /**
     * Projects or environments named by id or by slug.
     *
     * @param ids   their ids
     * @param slugs their slugs
     */
    public record Names(Set<Long> ids, Set<String> slugs) {

        /** True when the item with this id or slug is named. */
        public boolean contains(long id, String slug) {
            return ids.contains(id) || slugs.contains(slug);
        }
    }

    /** The caller of a Jade key: the whole account. */
    public static Caller ofKey(long tokenId, long accountId, boolean allowTrigger) {
        return new Caller(tokenId, Set.of(accountId), null, null, allowTrigger);
    }

    /** True when the caller may read this account. */
    public boolean reachesAccount(long accountId) {
        return accountIds.contains(accountId);
    }

    /** True when the caller may read this project. */
    public boolean reaches(ProjectRow p) {
        return reachesAccount(p.accountId()) && (projects == null || projects.contains(p.id(), p.slug()));
    }

    /**
     * True when the caller may read this environment: its account, and the environment or its project named.
     *
     * @param projectSlug the environment's project's slug (Datacoves tokens may name the project only)
     */
    public boolean reaches(EnvironmentRow e, @Nullable String projectSlug) {
        if (!reachesAccount(e.accountId())) {
            return false;
        }
        if (environments == null && projects == null) {
            return true;
        }
        return (environments != null && environments.contains(e.id(), e.slug()))
                || (projects != null && projects.ids().contains(e.projectId()))
                || (projects != null && projectSlug != null && projects.slugs().contains(projectSlug));
    }

    /** The one account of a Jade key (its tokens are per account); for logs and the token routes. */
    public long primaryAccountId() {
        return accountIds.iterator().next();
    }
}
