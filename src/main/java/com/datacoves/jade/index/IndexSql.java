package com.datacoves.jade.index;

import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.http.Page;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A small builder of the ONE statement a list route runs on Jade's index: {@code WHERE} conditions with bound
 * arguments, then {@code ORDER BY … LIMIT … OFFSET …} with {@code count(*) OVER ()} for the total. Only column
 * names chosen by Jade's code (never client text) are concatenated; every client value is a bind parameter.
 */
public final class IndexSql {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();

    /** Adds a condition with its arguments ({@code ?} placeholders). */
    public IndexSql where(String condition, Object... values) {
        conditions.add(condition);
        args.addAll(List.of(values));
        return this;
    }

    /** Adds {@code column = ANY(?)} over bigint values. */
    public IndexSql in(String column, Collection<Long> values) {
        conditions.add(column + " = ANY(?)");
        args.add(values.toArray(new Long[0]));
        return this;
    }

    /** Row mapper of a result set row. */
    @FunctionalInterface
    public interface Mapper<T> {
        /** Maps the current row. */
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code SELECT columns, count(*) OVER () FROM table WHERE … ORDER BY … LIMIT … OFFSET …}; when the page is
     * empty but rows may exist (offset past the end, limit 0) a {@code count(*)} gives the exact total.
     */
    public <T> Page<T> page(DataSource ds, String columns, String table, String orderBy, ListQuery q, Mapper<T> mapper)
            throws SQLException {
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        String sql = "SELECT " + columns + ", count(*) OVER () AS total_count FROM " + table + where
                + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?";
        List<T> items = new ArrayList<>();
        long total = -1;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(c, ps);
            ps.setInt(i++, q.limit());
            ps.setLong(i, q.offset());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(mapper.map(rs));
                    total = rs.getLong("total_count");
                }
            }
            if (total < 0) {
                total = count(c, table, where);
            }
        }
        return new Page<>(items, total);
    }

    /** Runs {@code SELECT columns FROM table WHERE … ORDER BY orderBy LIMIT 1}. */
    public <T> java.util.Optional<T> first(DataSource ds, String columns, String table, String orderBy,
                                           Mapper<T> mapper) throws SQLException {
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + table + where
                     + " ORDER BY " + orderBy + " LIMIT 1")) {
            bind(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(mapper.map(rs)) : java.util.Optional.empty();
            }
        }
    }

    private long count(Connection c, String table, String where) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + where)) {
            bind(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int bind(Connection c, PreparedStatement ps) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof Long[] array) {
                ps.setArray(i++, c.createArrayOf("bigint", array));
            } else {
                ps.setObject(i++, a);
            }
        }
        return i;
    }
}
