package com.datacoves.jade.common;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list and the number of all matching items.
 *
 * @param items the page's items, in order
 * @param total all items matching the filters (dbt Cloud {@code pagination.total_count})
 * @param <T>   item type
 */
public record Page<T>(List<T> items, long total) {

    /** The same page with each item mapped. */
    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), total);
    }

    /** Slices an in-memory, already filtered and ordered list (for small Datacoves lists). */
    public static <T> Page<T> slice(List<T> all, PageRequest q) {
        int from = (int) Math.min(all.size(), q.offset());
        int to = (int) Math.min(all.size(), (long) from + q.limit());
        return new Page<>(List.copyOf(all.subList(from, to)), all.size());
    }
}
