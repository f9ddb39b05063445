package com.datacoves.jade.discovery;

import com.datacoves.jade.support.TestDatabases;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link CopyRows} against real PostgreSQL: every value an artifact can carry comes back as written (quotes,
 * backslashes, separators, line breaks, empty versus null, array elements that need quoting), and a COPY that is not
 * finished or that PostgreSQL refuses stores nothing.
 */
class CopyRowsTest {

    private static final List<String> COLUMNS = List.of("t", "n", "d", "b", "at", "arr", "j");
    private Handle handle;

    @BeforeEach
    void table() throws java.sql.SQLException {
        handle = Jdbi.open(TestDatabases.server().connect("postgres"));
        handle.execute("CREATE TEMPORARY TABLE copy_rows_test (t text, n bigint, d double precision, b boolean,"
                + " at timestamptz, arr text[], j jsonb)");
    }

    @AfterEach
    void close() {
        handle.close();
    }

    @Test
    void valuesComeBackAsWritten() throws IOException {
        String hostile = "a \"quoted\", back\\slash\\N, tab\there\nnew line\r\n{braces} é 🚀";
        List<String> elements = List.of("plain", "with,comma", "with \"quote\"", "back\\slash", "{}", "NULL", "",
                " spaced ", "line\nbreak");
        OffsetDateTime at = OffsetDateTime.parse("2026-12-04T10:15:30.123456Z");
        try (CopyRows copy = CopyRows.open(handle, "copy_rows_test", COLUMNS)) {
            copy.row(hostile, 42L, 1.5e-7, true, at, elements, "{\"k\": \"v\\\"\", \"n\": [1, null]}");
            copy.row("", null, Double.NaN, false, null, List.of(), null);
            copy.row(null, Long.MIN_VALUE, null, null, null, Arrays.asList("x", null, "y"), "[]");
            assertEquals(3, copy.finish());
        }
        List<Map<String, Object>> rows = handle.createQuery(
                "SELECT t, n, d, b, at, arr, j::text AS j FROM copy_rows_test ORDER BY n NULLS FIRST").mapToMap().list();
        Map<String, Object> second = rows.get(0);
        assertEquals("", second.get("t"));
        assertNull(second.get("n"));
        assertEquals(Double.NaN, second.get("d"));
        assertEquals(false, second.get("b"));
        assertNull(second.get("at"));
        assertArrayEquals(new String[0], array(second.get("arr")));
        assertNull(second.get("j"));

        Map<String, Object> third = rows.get(1);
        assertNull(third.get("t"));
        assertEquals(Long.MIN_VALUE, third.get("n"));
        assertArrayEquals(new String[]{"x", "y"}, array(third.get("arr")));
        assertEquals("[]", third.get("j"));

        Map<String, Object> first = rows.get(2);
        assertEquals(hostile, first.get("t"));
        assertEquals(42L, first.get("n"));
        assertEquals(1.5e-7, first.get("d"));
        assertEquals(true, first.get("b"));
        assertEquals(at.toInstant(), ((java.sql.Timestamp) first.get("at")).toInstant());
        assertArrayEquals(elements.toArray(String[]::new), array(first.get("arr")));
        assertEquals("{\"k\": \"v\\\"\", \"n\": [1, null]}", first.get("j"));
    }

    @Test
    void anUnfinishedCopyStoresNothing() throws IOException {
        try (CopyRows copy = CopyRows.open(handle, "copy_rows_test", COLUMNS)) {
            copy.row("written but not finished", 1L, null, null, null, List.of(), null);
        }
        assertEquals(0, count());
        // the connection is usable again
        assertEquals(1, handle.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    @Test
    void aRefusedRowVoidsTheWholeCopy() throws IOException {
        try (CopyRows copy = CopyRows.open(handle, "copy_rows_test", COLUMNS)) {
            copy.row("good", 1L, null, null, null, List.of(), "{}");
            copy.row("bad json", 2L, null, null, null, List.of(), "{not json");
            IOException refused = assertThrows(IOException.class, copy::finish);
            assertEquals(true, refused.getMessage().contains("json"), refused.getMessage());
        }
        assertEquals(0, count());
        assertThrows(IllegalArgumentException.class, () -> {
            try (CopyRows copy = CopyRows.open(handle, "copy_rows_test", COLUMNS)) {
                copy.row("too few values");
            }
        });
    }

    private long count() {
        return handle.createQuery("SELECT count(*) FROM copy_rows_test").mapTo(Long.class).one();
    }

    private static String[] array(Object sqlArray) {
        try {
            return (String[]) ((java.sql.Array) sqlArray).getArray();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
