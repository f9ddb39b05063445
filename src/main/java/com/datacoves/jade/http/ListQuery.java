package com.datacoves.jade.http;

import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.common.NamedQuery;
import com.datacoves.jade.common.PageRequest;
import io.micronaut.http.HttpRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pagination, ordering and the applied-filter echo of a dbt Cloud list request.
 *
 * <ul>
 *   <li>{@code limit}: default 100, at most 100 (larger values are clamped to 100, dbt Cloud spec "an integer up to
 *       100"); {@code 0}, negative or non-integer → 400. dbt Cloud documents a page size as at most 100 records and
 *       refuses a limit outside its range rather than serving it; a page of {@code 0} would also make a client that
 *       advances its offset by the echoed {@code extra.filters.limit} (dbt-jobs-as-code, the Airflow provider) ask
 *       for the same page forever.</li>
 *   <li>{@code offset}: default 0; negative or non-integer → 400; past the end → empty page.</li>
 *   <li>{@code order_by}: one of the resource's fields, {@code -} prefix for descending; ties are always broken by
 *       {@code id} in the same direction; an unknown field → 400.</li>
 * </ul>
 * {@link #extra} echoes {@code limit} and {@code offset} (the values applied, defaults included: the Airflow
 * provider reads {@code extra.filters.limit}) and every filter added with {@link #filter}.
 *
 * @param limit      items per page, 1..100
 * @param offset     items skipped
 * @param orderField the field ordered by (one of the allowed names)
 * @param descending true for a {@code -} prefix
 * @param filters    applied filters in order, for {@code extra.filters}
 */
public record ListQuery(int limit, long offset, String orderField, boolean descending, Map<String, Object> filters) {

    /** Largest page (dbt Cloud). */
    public static final int MAX_LIMIT = 100;

    /**
     * Reads limit/offset/order_by.
     *
     * @param allowedOrder the fields {@code order_by} may name
     * @param defaultOrder the field used without {@code order_by}
     */
    public static ListQuery of(HttpRequest<?> request, Set<String> allowedOrder, String defaultOrder) {
        long limit = QueryParams.number(request, "limit").orElse((long) MAX_LIMIT);
        long offset = QueryParams.number(request, "offset").orElse(0L);
        if (limit < 1) {
            throw new InvalidInputException("limit must be an integer from 1 to " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new InvalidInputException("offset must not be negative");
        }
        String order = QueryParams.text(request, "order_by").orElse(defaultOrder);
        boolean desc = order.startsWith("-");
        String field = desc ? order.substring(1) : order;
        if (!allowedOrder.contains(field)) {
            throw new InvalidInputException("order_by must be one of " + allowedOrder + ", optionally with '-'");
        }
        Map<String, Object> filters = new LinkedHashMap<>();
        int applied = (int) Math.min(limit, MAX_LIMIT);
        filters.put("limit", applied);
        filters.put("offset", offset);
        return new ListQuery(applied, offset, field, desc, filters);
    }

    /**
     * Reads the name and id filters of resources listed in memory ({@code name__icontains}, {@code name}, {@code pk},
     * {@code pk__in}, {@code id__gt}) and echoes them in {@code extra.filters}.
     */
    public NamedQuery named(HttpRequest<?> request) {
        String contains = QueryParams.text(request, "name__icontains").map(v -> filter("name__icontains", v))
                .orElse(null);
        String name = QueryParams.text(request, "name").map(v -> filter("name", v)).orElse(null);
        List<Long> ids = new java.util.ArrayList<>();
        QueryParams.number(request, "pk").ifPresent(v -> ids.add(filter("pk", v)));
        List<Long> pkIn = QueryParams.numbers(request, "pk__in");
        if (!pkIn.isEmpty()) {
            filter("pk__in", pkIn);
            if (ids.isEmpty()) {
                ids.addAll(pkIn);
            } else {
                ids.retainAll(pkIn);
                if (ids.isEmpty()) {
                    ids.add(-1L); // pk and pk__in that share no id: nothing matches
                }
            }
        }
        Long idAbove = QueryParams.number(request, "id__gt").map(v -> filter("id__gt", v)).orElse(null);
        return new NamedQuery(contains, name, ids, idAbove);
    }

    /** Records an applied filter for {@code extra.filters}; returns {@code value}. */
    public <T> T filter(String name, T value) {
        filters.put(name, value);
        return value;
    }

    /** The {@code order_by} text as applied, e.g. {@code -created_at}. */
    public String orderBy() {
        return (descending ? "-" : "") + orderField;
    }

    /** The page asked for. */
    public PageRequest page() {
        return new PageRequest(limit, offset, orderField, descending);
    }

    /** The list's {@code extra} for a page of {@code count} items out of {@code total}. */
    public Extra extra(int count, long total) {
        return new Extra(filters, orderBy(), new Extra.Pagination(count, total));
    }

    /** The enveloped page, naming unreachable environments in {@code developer_message} when any. */
    public Envelope envelope(List<?> items, long total, List<String> unreachable) {
        Extra extra = extra(items.size(), total);
        if (unreachable.isEmpty()) {
            return Envelope.list(items, extra);
        }
        return Envelope.list(items, extra, "Airflow database unreachable for environment(s): "
                + String.join(", ", unreachable) + "; their jobs and runs are shown as last indexed.");
    }
}
