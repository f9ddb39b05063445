package com.datacoves.jade.discovery;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * What a list of nodes asks for: the filters of dbt's {@code …AppliedFilter} inputs (and the job API's arguments),
 * each null or empty when not given, and the order.
 *
 * @param resourceTypes   dbt resource types to keep ({@code model}, {@code source}, …)
 * @param uniqueIds       only these nodes
 * @param tags            nodes with any of these tags
 * @param database        relation database (case-insensitive)
 * @param schema          relation schema (case-insensitive)
 * @param identifier      relation name: a source's identifier, another node's alias (case-insensitive)
 * @param packageName     dbt package
 * @param access          model access
 * @param group           model group
 * @param modelingLayer   {@code staging}, {@code intermediate}, {@code marts}
 * @param lastRunStatus   status of the latest attempt
 * @param sourceNames     source names
 * @param freshnessStatus dbt Cloud freshness status ({@code Pass}, {@code Warn}, {@code Error})
 * @param freshnessChecked true: sources with a freshness check; false: without
 * @param testTypes       {@code GENERIC_DATA_TEST}, {@code SINGULAR_DATA_TEST}
 * @param exposureType    an exposure's type ({@code dashboard}, {@code notebook}, {@code analysis}, {@code ml},
 *                        {@code application})
 * @param byExecuteCompletedAt order by the latest success's completion instead of unique id
 * @param descending      reverse order
 */
public record NodeQuery(List<String> resourceTypes, List<String> uniqueIds, List<String> tags,
                        @Nullable String database, @Nullable String schema, @Nullable String identifier,
                        @Nullable String packageName, @Nullable String access, @Nullable String group,
                        @Nullable String modelingLayer, @Nullable String lastRunStatus, List<String> sourceNames,
                        @Nullable String freshnessStatus, @Nullable Boolean freshnessChecked, List<String> testTypes,
                        @Nullable String exposureType, boolean byExecuteCompletedAt, boolean descending) {

    /** Every node of the given types, by unique id. */
    public static NodeQuery of(List<String> resourceTypes) {
        return new NodeQuery(resourceTypes, List.of(), List.of(), null, null, null, null, null, null, null, null,
                List.of(), null, null, List.of(), null, false, false);
    }
}
