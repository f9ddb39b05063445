package com.datacoves.jade.http;

import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * {@code extra} of a dbt Cloud list response.
 *
 * @param filters    every applied filter, always including {@code limit} and {@code offset} (the Airflow dbt Cloud
 *                   provider reads {@code filters.limit} to paginate)
 * @param orderBy    the ordering applied, e.g. {@code -id}
 * @param pagination {@code count} (items in this page) and {@code total_count} (all matching items)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Extra(Map<String, Object> filters, String orderBy, Pagination pagination) {

    /**
     * @param count      number of items in {@code data}
     * @param totalCount number of items matching the filters, over all pages
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Pagination(int count, long totalCount) {
    }
}
