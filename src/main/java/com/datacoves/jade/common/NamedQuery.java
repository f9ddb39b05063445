package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * The dbt Cloud list filters of resources that have an id and a name (projects, environments), applied in memory to
 * the few rows Datacoves has per account: {@code name__icontains}, {@code name}, {@code pk}/{@code pk__in},
 * {@code id__gt}; ordering by {@code id} or {@code name} (case-insensitive, ties by id).
 *
 * @param nameContains part of the name, any case, or null
 * @param name         the exact name, or null
 * @param ids          the ids to keep (empty: all)
 * @param idAbove      keep ids above this, or null
 */
public record NamedQuery(@Nullable String nameContains, @Nullable String name, List<Long> ids,
                         @Nullable Long idAbove) {

    /** No filter. */
    public static final NamedQuery ALL = new NamedQuery(null, null, List.of(), null);

    /** The page of {@code rows} matching the filters, in the requested order. */
    public <T> Page<T> apply(List<T> rows, ToLongFunction<T> id, Function<T, String> nameOf, PageRequest page) {
        Stream<T> s = rows.stream();
        if (nameContains != null) {
            String part = nameContains.toLowerCase(Locale.ROOT);
            s = s.filter(r -> nameOf.apply(r).toLowerCase(Locale.ROOT).contains(part));
        }
        if (name != null) {
            s = s.filter(r -> nameOf.apply(r).equals(name));
        }
        if (!ids.isEmpty()) {
            s = s.filter(r -> ids.contains(id.applyAsLong(r)));
        }
        if (idAbove != null) {
            s = s.filter(r -> id.applyAsLong(r) > idAbove);
        }
        Comparator<T> order = page.orderField().equals("name")
                ? Comparator.comparing((T r) -> nameOf.apply(r).toLowerCase(Locale.ROOT)).thenComparingLong(id)
                : Comparator.comparingLong(id);
        return Page.slice(s.sorted(page.descending() ? order.reversed() : order).toList(), page);
    }
}
