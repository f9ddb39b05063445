package com.datacoves.jade.common;

/**
 * Which page of a list to read, in what order (dbt Cloud's {@code limit}, {@code offset}, {@code order_by}).
 *
 * @param limit      items per page, 1..100
 * @param offset     items skipped
 * @param orderField the field ordered by, one the list allows
 * @param descending true for descending order ({@code order_by=-field})
 */
public record PageRequest(int limit, long offset, String orderField, boolean descending) {
}
