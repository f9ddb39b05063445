package com.datacoves.jade.index;

import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.http.Page;
import io.micronaut.core.annotation.Nullable;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A small builder of the list statements the jobs and runs routes run on Jade's index: {@code WHERE} conditions with
 * bound arguments, then a page ({@code SELECT columns … ORDER BY … LIMIT ? OFFSET ?}) and its total.
 *
 * <p><b>Totals.</b> The page and its total ({@code pagination.total_count}) are read in one read-only
 * {@code REPEATABLE READ} transaction, so both come from one snapshot and agree. The total is
 * <ul>
 *   <li>{@code offset + rows} when the page came back non-empty but shorter than the limit (nothing follows it);</li>
 *   <li>else {@code SELECT coalesce(sum(n), 0) FROM <counts table> WHERE …} when the caller names a counts table and
 *       every condition is <em>countable</em> ({@link #group}, {@link #groupIn}: an equality on a column the counts
 *       table has too; for runs, {@code run_count} of {@code V31__run_counts.sql}, kept by a trigger);</li>
 *   <li>else {@code SELECT count(*) FROM <table> WHERE …} (conditions added with {@link #where} or {@link #in}: ranges,
 *       ids, text matches).</li>
 * </ul>
 * Why: {@code count(*) OVER ()} on the page made PostgreSQL read every matching row (4.8 s for 1,000,000 runs against
 * 0.23 ms for the page alone; docs/benchmarks.md).
 *
 * <p>Only column names chosen by Jade's code (never client text) are concatenated; every client value is a bind
 * parameter.
 */
public final class IndexSql {

    /**
     * One {@code WHERE} condition.
     *
     * @param sql       SQL text with {@code ?} placeholders, column names from Jade's code only
     * @param args      the bind values, in order
     * @param countable true when the condition holds on the counts table's columns as well (same names, same values)
     */
    private record Condition(String sql, List<Object> args, boolean countable) {
    }

    private final List<Condition> conditions = new ArrayList<>();

    /** Adds a condition with its arguments ({@code ?} placeholders); totals under it are counted on the table. */
    public IndexSql where(String condition, Object... values) {
        conditions.add(new Condition(condition, List.of(values), false));
        return this;
    }

    /** Adds {@code column = ANY(?)} over bigint values; totals under it are counted on the table. */
    public IndexSql in(String column, Collection<Long> values) {
        conditions.add(new Condition(column + " = ANY(?)", List.of((Object) values.toArray(new Long[0])), false));
        return this;
    }

    /**
     * Adds {@code column = ?} on a grouping column, one the counts table has too (for runs: {@code account_id},
     * {@code project_id}, {@code environment_id}, {@code job_id}, {@code status}), so the total may be summed there.
     */
    public IndexSql group(String column, Object value) {
        conditions.add(new Condition(column + " = ?", List.of(value), true));
        return this;
    }

    /** Adds {@code column = ANY(?)} over bigint values on a grouping column (see {@link #group}). */
    public IndexSql groupIn(String column, Collection<Long> values) {
        conditions.add(new Condition(column + " = ANY(?)", List.of((Object) values.toArray(new Long[0])), true));
        return this;
    }

    /** True when every condition can be answered by the counts table. */
    public boolean countable() {
        return conditions.stream().allMatch(Condition::countable);
    }

    /** Row mapper of a result set row. */
    @FunctionalInterface
    public interface Mapper<T> {
        /** Maps the current row. */
        T map(ResultSet rs) throws SQLException;
    }

    /** {@link #page(DataSource, String, String, String, String, ListQuery, Mapper)} without a counts table. */
    public <T> Page<T> page(DataSource ds, String columns, String table, String orderBy, ListQuery q, Mapper<T> mapper)
            throws SQLException {
        return page(ds, columns, table, null, orderBy, q, mapper);
    }

    /**
     * One page and its total, from one snapshot (see the class comment for how the total is found).
     *
     * @param columns     the selected columns of {@code table}
     * @param countsTable a table with a bigint column {@code n} and every grouping column, or null to always count
     *                    {@code table}
     * @param orderBy     the {@code ORDER BY} body (Jade's column names only)
     */
    public <T> Page<T> page(DataSource ds, String columns, String table, @Nullable String countsTable, String orderBy,
                            ListQuery q, Mapper<T> mapper) throws SQLException {
        String where = whereClause();
        List<T> items = new ArrayList<>(Math.max(0, q.limit()));
        long total;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                }
                if (q.limit() > 0) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + table + where
                            + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?")) {
                        int i = bind(c, ps);
                        ps.setInt(i++, q.limit());
                        ps.setLong(i, q.offset());
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                items.add(mapper.map(rs));
                            }
                        }
                    }
                }
                if (!items.isEmpty() && items.size() < q.limit()) {
                    total = q.offset() + items.size();
                } else if (countsTable != null && countable()) {
                    total = single(c, "SELECT coalesce(sum(n), 0) FROM " + countsTable + where);
                } else {
                    total = single(c, "SELECT count(*) FROM " + table + where);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new Page<>(items, total);
    }

    /** Runs {@code SELECT columns FROM table WHERE … ORDER BY orderBy LIMIT limit} (no total). */
    public <T> List<T> rows(DataSource ds, String columns, String table, String orderBy, int limit, Mapper<T> mapper)
            throws SQLException {
        List<T> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + table + whereClause()
                     + " ORDER BY " + orderBy + " LIMIT " + limit)) {
            bind(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
        }
        return out;
    }

    /** Runs {@code SELECT columns FROM table WHERE … ORDER BY orderBy LIMIT 1}. */
    public <T> Optional<T> first(DataSource ds, String columns, String table, String orderBy, Mapper<T> mapper)
            throws SQLException {
        List<T> one = rows(ds, columns, table, orderBy, 1, mapper);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    private String whereClause() {
        if (conditions.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" WHERE ");
        for (int i = 0; i < conditions.size(); i++) {
            sb.append(i == 0 ? "" : " AND ").append(conditions.get(i).sql());
        }
        return sb.toString();
    }

    private long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int bind(Connection c, PreparedStatement ps) throws SQLException {
        int i = 1;
        for (Condition cond : conditions) {
            for (Object a : cond.args()) {
                if (a instanceof Long[] array) {
                    ps.setArray(i++, c.createArrayOf("bigint", array));
                } else {
                    ps.setObject(i++, a);
                }
            }
        }
        return i;
    }
}
