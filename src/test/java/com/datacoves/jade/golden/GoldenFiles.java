package com.datacoves.jade.golden;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The checked-in golden JSON files under {@code src/test/resources/golden/}: compares a normalised answer with its
 * file as JSON trees (key order and whitespace do not matter, every value and every key does) and, on a mismatch,
 * fails naming each differing JSON pointer. With {@code -Djade.golden.update=true} it writes the file instead.
 */
final class GoldenFiles {

    /** The system property that switches from comparing to (re)writing the files. */
    static final String UPDATE_PROPERTY = "jade.golden.update";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_VALUE_CHARS = 200;

    private GoldenFiles() {
    }

    /** The folder of the golden files in the source tree (Surefire runs with the module as {@code basedir}). */
    static Path folder() {
        return Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden");
    }

    /** True when the files are to be written rather than compared. */
    static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    /** Parses JSON text into a tree. */
    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    /**
     * Compares {@code actual} with {@code golden/<name>.json}, or writes it there when {@link #updating()}.
     *
     * @param name   the file name without {@code .json}
     * @param actual the normalised answer
     */
    static void check(String name, JsonNode actual) {
        Path file = folder().resolve(name + ".json");
        if (updating()) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, JSON.writeValueAsString(actual) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println("golden: wrote " + file);
            return;
        }
        assertTrue(Files.isRegularFile(file), "missing golden file " + file + " (create it with -D" + UPDATE_PROPERTY
                + "=true, then review it)");
        JsonNode expected;
        try {
            expected = parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> differences = new ArrayList<>();
        diff("", expected, actual, differences);
        if (!differences.isEmpty()) {
            fail("golden/" + name + ".json: " + differences.size() + " difference(s) (JSON pointer: expected → actual)\n  "
                    + String.join("\n  ", differences)
                    + "\nIf the change is intended, regenerate with -D" + UPDATE_PROPERTY + "=true and review the diff.");
        }
    }

    /** Appends one line per JSON pointer at which the trees differ (missing or extra keys, items or values). */
    static void diff(String pointer, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected.isObject() && actual.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                if (!actual.has(key)) {
                    out.add(child + ": " + show(expected.get(key)) + " → (missing)");
                } else if (!expected.has(key)) {
                    out.add(child + ": (missing) → " + show(actual.get(key)));
                } else {
                    diff(child, expected.get(key), actual.get(key), out);
                }
            }
        } else if (expected.isArray() && actual.isArray()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            int i = 0;
            while (e.hasNext() || a.hasNext()) {
                String child = pointer + "/" + i++;
                if (!a.hasNext()) {
                    out.add(child + ": " + show(e.next()) + " → (missing)");
                } else if (!e.hasNext()) {
                    out.add(child + ": (missing) → " + show(a.next()));
                } else {
                    diff(child, e.next(), a.next(), out);
                }
            }
        } else if (!expected.equals(actual)) {
            out.add((pointer.isEmpty() ? "/" : pointer) + ": " + show(expected) + " → " + show(actual));
        }
    }

    private static String show(JsonNode n) {
        String s = n.toString();
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "…";
    }
}
