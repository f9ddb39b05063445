package com.datacoves.jade.http;

import com.datacoves.jade.common.InvalidInputException;
import io.micronaut.http.HttpRequest;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed reading of dbt Cloud query parameters. A known parameter with a malformed value is a 400 envelope
 * ({@link com.datacoves.jade.common.InvalidInputException}), never a 500; unknown parameters are simply never read.
 *
 * <p>List values ({@code include_related}, {@code *__in}, {@code *__range}) are accepted in the four encodings
 * clients send (dbt Cloud's spec leaves the encoding open; docs/jobs.md, "Filters"): repeated keys ({@code k=1&k=2}), a comma list
 * ({@code k=1,2}), a JSON array ({@code k=["a","b"]} or {@code k=[1, 2]}) and a Python list ({@code k=['a', 'b']}).
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** The first value of {@code name}, stripped; empty when absent or blank. */
    public static Optional<String> text(HttpRequest<?> request, String name) {
        return request.getParameters().getFirst(name).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** An integer parameter, or empty; 400 when not an integer. */
    public static Optional<Long> number(HttpRequest<?> request, String name) {
        return text(request, name).map(v -> parseLong(name, v));
    }

    /** Every value of a list parameter in any of the four encodings, flattened; empty list when absent. */
    public static List<String> list(HttpRequest<?> request, String name) {
        List<String> out = new ArrayList<>();
        for (String raw : request.getParameters().getAll(name)) {
            String v = raw.strip();
            if (v.startsWith("[") && v.endsWith("]")) {
                v = v.substring(1, v.length() - 1);
            }
            for (String part : v.split(",")) {
                String p = unquote(part.strip());
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** A list parameter of integers; 400 when an element is not an integer. */
    public static List<Long> numbers(HttpRequest<?> request, String name) {
        return list(request, name).stream().map(v -> parseLong(name, v)).toList();
    }

    /**
     * A {@code *__range} parameter: exactly two date-times (ISO-8601, offset optional = UTC; a date alone is its
     * start of day UTC), as JSON array, Python list, comma list or repeated keys; empty when absent; 400 otherwise.
     */
    public static Optional<List<OffsetDateTime>> range(HttpRequest<?> request, String name) {
        List<String> values = list(request, name);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() != 2) {
            throw new InvalidInputException(name + " must be two ISO-8601 date-times");
        }
        return Optional.of(List.of(dateTime(name, values.get(0)), dateTime(name, values.get(1))));
    }

    /** Parses an ISO-8601 date-time; a {@code +} decoded to a space before the offset is repaired. */
    public static OffsetDateTime dateTime(String name, String value) {
        String v = value.strip().replaceFirst("(\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?) (\\d{2}:?\\d{2})$", "$1+$2");
        if (v.length() > 10 && v.charAt(10) == ' ') {
            v = v.substring(0, 10) + "T" + v.substring(11);
        }
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(v).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(v).atStartOfDay().atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new InvalidInputException(name + " has an invalid date-time: " + value);
                }
            }
        }
    }

    /** Parses a boolean parameter ({@code true/false/1/0}); empty when absent; 400 otherwise. */
    public static Optional<Boolean> bool(HttpRequest<?> request, String name) {
        return text(request, name).map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidInputException(name + " must be true or false");
        });
    }

    static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be an integer");
        }
    }

    /** Drops quotes around a list element, also when a quoted string held a comma ({@code ["a,b"]}). */
    private static String unquote(String s) {
        String t = s;
        if (t.startsWith("\"") || t.startsWith("'")) {
            t = t.substring(1);
        }
        if (t.endsWith("\"") || t.endsWith("'")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.strip();
    }
}
