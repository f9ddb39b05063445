package com.datacoves.jade.index;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The filters of a dbt Cloud run list, typed (docs/runs.md, "Filters"). Empty lists and nulls filter nothing; every
 * list holds the accepted values of one filter (a single value and {@code __in} are both lists here).
 *
 * @param accountId       the caller's account (always applied)
 * @param jobIds          {@code job_definition_id}, {@code job_definition_id__in}
 * @param environmentIds  {@code environment_id}, {@code environment_id__in}
 * @param projectIds      {@code project_id}, {@code project_id__in}
 * @param statuses        {@code status}, {@code status__in} (dbt Cloud codes)
 * @param createdFrom     {@code created_at__range} start, inclusive
 * @param createdTo       {@code created_at__range} end, inclusive
 * @param finishedFrom    {@code finished_at__range} start, inclusive
 * @param finishedTo      {@code finished_at__range} end, inclusive
 * @param ids             {@code pk}, {@code pk__in}
 * @param idAbove         {@code id__gt}
 */
public record RunQuery(long accountId, List<Long> jobIds, List<Long> environmentIds, List<Long> projectIds,
                       List<Long> statuses, @Nullable OffsetDateTime createdFrom, @Nullable OffsetDateTime createdTo,
                       @Nullable OffsetDateTime finishedFrom, @Nullable OffsetDateTime finishedTo, List<Long> ids,
                       @Nullable Long idAbove) {

    /** All runs of the account. */
    public static RunQuery of(long accountId) {
        return new RunQuery(accountId, List.of(), List.of(), List.of(), List.of(), null, null, null, null,
                List.of(), null);
    }
}
