package com.datacoves.jade.discovery;

import io.micronaut.core.annotation.Nullable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import com.datacoves.jade.database.ReadRetry;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Streams rows into one table with PostgreSQL's {@code COPY … FROM STDIN (FORMAT csv)}: the bulk path of extraction,
 * one statement for every row of an artifact, written as the artifact is read (docs/discovery.md, "Extraction"; the
 * gain over batched INSERTs is measured in docs/benchmarks.md). The CSV is written by commons-csv's PostgreSQL
 * format (null is an empty unquoted field, every other value quoted).
 *
 * <p>Values: {@code null}; {@link String} (JSON text for {@code jsonb} columns); {@link Long}, {@link Integer},
 * {@link Double}, {@link Boolean}; {@link OffsetDateTime} (ISO-8601, for {@code timestamptz}); a {@link List} of
 * strings for a {@code text[]} column. The rows become visible when {@link #finish} ends the COPY (and, inside a
 * transaction, when it commits); {@link #close} without {@link #finish} cancels the COPY and writes nothing.
 */
final class CopyRows implements AutoCloseable {

    private final PGCopyOutputStream copy;
    private final CSVPrinter printer;
    private final int width;
    private long rows;
    private boolean finished;

    private CopyRows(PGCopyOutputStream copy, int width) throws IOException {
        this.copy = copy;
        this.width = width;
        this.printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(copy, UTF_8), 1 << 16),
                CSVFormat.POSTGRESQL_CSV);
    }

    /**
     * Starts a COPY on the handle's connection; until {@link #finish} or {@link #close}, the handle runs nothing else.
     *
     * @param table   the table (a constant of the caller)
     * @param columns its columns, in the order {@link #row} receives values
     * @throws IOException when PostgreSQL refuses the COPY (e.g. an unknown column) or the connection fails
     */
    static CopyRows open(Handle handle, String table, List<String> columns) throws IOException {
        String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN WITH (FORMAT csv)";
        try {
            ReadRetry.markWrite(); // Jdbi does not see a COPY: the callback must not be repeated on a fresh connection
            PGConnection pg = handle.getConnection().unwrap(PGConnection.class);
            return new CopyRows(new PGCopyOutputStream(pg, sql, 1 << 16), columns.size());
        } catch (SQLException e) {
            throw new IOException("COPY into " + table + " refused: " + e.getMessage(), e);
        }
    }

    /**
     * Writes one row.
     *
     * @param values one value per column, in the order given to {@link #open}
     * @throws IllegalArgumentException when the count of values is not the count of columns, or a value's type is
     *                                  not one of the listed ones
     * @throws IOException              when the connection fails
     */
    void row(Object... values) throws IOException {
        if (values.length != width) {
            throw new IllegalArgumentException(values.length + " values for " + width + " columns");
        }
        for (Object v : values) {
            printer.print(encode(v));
        }
        printer.println();
        rows++;
    }

    /**
     * Ends the COPY: PostgreSQL checks and stores the rows now.
     *
     * @return the rows written
     * @throws IOException when PostgreSQL refuses a row (the whole COPY is then void)
     */
    long finish() throws IOException {
        printer.flush();
        finished = true;
        try {
            copy.endCopy();
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
        return rows;
    }

    /** Cancels the COPY unless {@link #finish} ended it. */
    @Override
    public void close() throws IOException {
        if (!finished && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                throw new IOException("could not cancel a COPY: " + e.getMessage(), e);
            }
        }
    }

    @Nullable
    private static String encode(@Nullable Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Double
                || v instanceof Boolean || v instanceof OffsetDateTime) {
            return v.toString();
        }
        if (v instanceof List<?> list) {
            return arrayLiteral(list);
        }
        throw new IllegalArgumentException("no COPY encoding for " + v.getClass().getName());
    }

    /**
     * A PostgreSQL array literal of strings: {@code {"a","b"}}, each element quoted with {@code \} and {@code "}
     * escaped by a backslash (PostgreSQL's array input syntax); null elements are left out.
     */
    static String arrayLiteral(List<?> elements) {
        StringBuilder s = new StringBuilder("{");
        for (Object e : elements) {
            if (e == null) {
                continue;
            }
            if (s.length() > 1) {
                s.append(',');
            }
            s.append('"');
            String text = e.toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    s.append('\\');
                }
                s.append(c);
            }
            s.append('"');
        }
        return s.append('}').toString();
    }
}
