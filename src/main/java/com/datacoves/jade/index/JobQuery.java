package com.datacoves.jade.index;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * The filters of a dbt Cloud job list, typed (docs/jobs.md, "Filters"). Empty lists and nulls filter nothing.
 *
 * @param accountId      the caller's account (always applied)
 * @param projectIds     {@code project_id}, {@code project_id__in}
 * @param environmentIds {@code environment_id}
 * @param nameContains   {@code name__icontains}: part of the DAG id, any case
 * @param ids            {@code pk}
 * @param idAbove        {@code id__gt}
 * @param state          {@code state}: 1 active, 2 deleted, null for both
 */
public record JobQuery(long accountId, List<Long> projectIds, List<Long> environmentIds,
                       @Nullable String nameContains, List<Long> ids, @Nullable Long idAbove,
                       @Nullable Integer state) {
}
