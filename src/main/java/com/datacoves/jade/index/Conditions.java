package com.datacoves.jade.index;

import com.datacoves.jade.common.Page;
import com.datacoves.jade.common.PageRequest;
import io.micronaut.core.annotation.Nullable;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The {@code WHERE} of a list query on Jade's index tables, built from typed filters, and the page-and-total read
 * that uses it (the only dynamic SQL of the index; column names come from Jade's code, every client value is a bound
 * argument).
 *
 * <p><b>Totals.</b> The page and its total ({@code pagination.total_count}) are read in one read-only
 * {@code REPEATABLE READ} transaction, so both come from one snapshot and agree. The total is {@code offset + rows}
 * when the page came back non-empty but shorter than the limit (nothing follows it); else
 * {@code SELECT coalesce(sum(n), 0) FROM <counts table>} when every condition is a grouping one ({@link #group}: an
 * equality on a column the counts table has too, e.g. {@code run_count}); else {@code count(*)} on the table.
 * Why: {@code count(*) OVER ()} made PostgreSQL read every matching row (4.8 s at 1,000,000 runs against 0.23 ms for
 * the page alone; docs/benchmarks.md).
 */
final class Conditions {

    /**
     * @param countable     the counts table has the condition's columns too
     * @param countsImplied the counts table only counts rows meeting the condition: left out of its WHERE
     */
    private record Condition(String sql, List<Object> args, boolean countable, boolean countsImplied) {
        Condition(String sql, List<Object> args, boolean countable) {
            this(sql, args, countable, false);
        }
    }

    private final List<Condition> conditions = new ArrayList<>();

    /** Adds a condition with its arguments ({@code ?} placeholders); totals under it are counted on the table. */
    Conditions where(String condition, Object... values) {
        conditions.add(new Condition(condition, List.of(values), false));
        return this;
    }

    /**
     * Adds a condition every row the counts table counts meets already (e.g. {@code deleted_at IS NULL} for
     * {@code run_count}): applied to the table, left out of the counts table's WHERE.
     */
    Conditions countedOnly(String condition) {
        conditions.add(new Condition(condition, List.of(), true, true));
        return this;
    }

    /** Adds {@code column = ?} on a column the counts table has too, so the total may be summed there. */
    Conditions group(String column, Object value) {
        conditions.add(new Condition(column + " = ?", List.of(value), true));
        return this;
    }

    /**
     * Adds a filter on a bigint column when the list is not empty ({@code = ?} for one value, {@code = ANY(?)} for
     * several); with {@code grouping}, the counts table has the column too (see {@link #group}).
     */
    Conditions anyOf(String column, Collection<Long> values, boolean grouping) {
        if (values.isEmpty()) {
            return this;
        }
        if (values.size() == 1) {
            conditions.add(new Condition(column + " = ?", List.of(values.iterator().next()), grouping));
        } else {
            conditions.add(new Condition(column + " = ANY(?)", List.of((Object) values.toArray(new Long[0])),
                    grouping));
        }
        return this;
    }

    private boolean countable() {
        return conditions.stream().allMatch(Condition::countable);
    }

    /**
     * One page and its total, from one snapshot.
     *
     * @param columns     the selected columns of {@code table}
     * @param countsTable a table with a bigint column {@code n} and every grouping column, or null
     * @param orderBy     the {@code ORDER BY} body (Jade's column names only)
     */
    <T> Page<T> page(Handle h, String columns, String table, @Nullable String countsTable, String orderBy,
                     PageRequest q, RowMapper<T> mapper) {
        return h.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, tx -> {
            String where = whereClause();
            int n = argumentCount();
            List<T> items = bind(tx.createQuery("SELECT " + columns + " FROM " + table + where
                    + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?"))
                    .bind(n, q.limit()).bind(n + 1, q.offset())
                    .map(mapper).list();
            long total;
            if (!items.isEmpty() && items.size() < q.limit()) {
                total = q.offset() + items.size();
            } else if (countsTable != null && countable()) {
                total = bind(tx.createQuery("SELECT coalesce(sum(n), 0) FROM " + countsTable + whereClause(true)),
                        true).mapTo(Long.class).one();
            } else {
                total = bind(tx.createQuery("SELECT count(*) FROM " + table + where)).mapTo(Long.class).one();
            }
            return new Page<>(items, total);
        });
    }

    /** {@code SELECT columns FROM table WHERE … ORDER BY orderBy LIMIT limit}. */
    <T> List<T> rows(Handle h, String columns, String table, String orderBy, int limit, RowMapper<T> mapper) {
        return bind(h.createQuery("SELECT " + columns + " FROM " + table + whereClause() + " ORDER BY " + orderBy
                + " LIMIT " + limit)).map(mapper).list();
    }

    private String whereClause() {
        return whereClause(false);
    }

    private String whereClause(boolean counts) {
        StringBuilder sb = new StringBuilder();
        for (Condition c : conditions) {
            if (counts && c.countsImplied()) {
                continue;
            }
            sb.append(sb.isEmpty() ? " WHERE " : " AND ").append(c.sql());
        }
        return sb.toString();
    }

    private int argumentCount() {
        return conditions.stream().mapToInt(c -> c.args().size()).sum();
    }

    private Query bind(Query query) {
        return bind(query, false);
    }

    private Query bind(Query query, boolean counts) {
        int i = 0;
        for (Condition c : conditions) {
            if (counts && c.countsImplied()) {
                continue;
            }
            for (Object a : c.args()) {
                query.bind(i++, a);
            }
        }
        return query;
    }
}
