package com.datacoves.jade.environments;

import com.datacoves.jade.datacoves.EnvironmentRow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environments of one account a caller may read (docs/authentication.md, "What a caller reaches"), by id. Job and
 * run lists are limited to them: a Jade key reaches every environment of its account ({@link #whole} true, no extra
 * condition); a Datacoves token that names projects or environments reaches only those.
 *
 * @param accountId    the account
 * @param environments the reachable environments by id
 * @param whole        true when the caller reaches every environment of the account
 */
public record EnvironmentScope(long accountId, Map<Long, EnvironmentRow> environments, boolean whole) {

    /**
     * The environment ids a list may show, given the ids a filter asked for: the request's ids (all when empty) within
     * the reachable ones. {@code [-1]} when nothing is left, so that the list is empty rather than unfiltered.
     *
     * @param requested the {@code environment_id} filter's ids, empty for no filter
     */
    public List<Long> restrict(List<Long> requested) {
        if (whole) {
            return requested;
        }
        List<Long> out = new ArrayList<>(requested.isEmpty() ? environments.keySet() : requested);
        out.retainAll(environments.keySet());
        return out.isEmpty() ? List.of(-1L) : out;
    }

    /**
     * The reachable environments a list narrowed to {@code environmentIds} can show: all of them when the ids are
     * empty (no filter), else those with one of the ids. Lists wait for the index of these only.
     *
     * @param environmentIds the result of {@link #restrict}
     */
    public List<EnvironmentRow> within(List<Long> environmentIds) {
        if (environmentIds.isEmpty()) {
            return List.copyOf(environments.values());
        }
        List<EnvironmentRow> out = new ArrayList<>();
        for (long id : environmentIds) {
            EnvironmentRow env = environments.get(id);
            if (env != null) {
                out.add(env);
            }
        }
        return out;
    }

    /** True when the caller may read this environment. */
    public boolean contains(long environmentId) {
        return environments.containsKey(environmentId);
    }

    /** Slug by environment id, for the given ids that the caller reaches (duplicates allowed). */
    public Map<Long, String> slugsOf(Collection<Long> environmentIds) {
        Map<Long, String> out = new HashMap<>();
        for (long id : environmentIds) {
            EnvironmentRow env = environments.get(id);
            if (env != null) {
                out.put(id, env.slug());
            }
        }
        return out;
    }
}
