package com.datacoves.jade.discovery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming helpers shared by the artifact readers: a dbt artifact is walked with Jackson's {@link JsonParser}, and
 * only one entry of a large map or array (one manifest node, one run result) is read as a tree at a time, so memory
 * stays bounded whatever the artifact's size.
 */
final class ArtifactJson {

    /** One mapper for trees and JSON text; thread-safe once configured. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Longest text kept for an error message (run results can carry whole stack traces). */
    static final int MAX_MESSAGE = 4000;

    private ArtifactJson() {
    }

    /** Callback for one entry of a streamed map or array. */
    interface EntryConsumer {
        /**
         * @param key  the map key, or null for an array element
         * @param node the entry, read as a tree
         */
        void accept(@Nullable String key, JsonNode node) throws IOException;
    }

    /**
     * Reads the value the parser stands on (START_OBJECT or START_ARRAY) one entry at a time; any other value is
     * skipped.
     */
    static void forEachEntry(JsonParser p, EntryConsumer consumer) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                consumer.accept(key, MAPPER.readTree(p));
            }
        } else if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                consumer.accept(null, MAPPER.readTree(p));
            }
        } else {
            p.skipChildren();
        }
    }

    /** JSON text stored by extraction (a node's config, details, …) as a tree; null for null or unreadable text. */
    @Nullable
    static JsonNode tree(@Nullable String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    /** The text of a field, or null when absent, null or empty. */
    @Nullable
    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        String s = v.isValueNode() ? v.asText() : v.toString();
        return s.isEmpty() ? null : s;
    }

    /** The first non-null text of the fields. */
    @Nullable
    static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            String s = text(n, f);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    /** A field as JSON text, or null when absent or null. */
    @Nullable
    static String json(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.toString();
    }

    /** The strings of an array field (empty when absent). */
    static List<String> strings(@Nullable JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(e -> {
                if (e != null && !e.isNull()) {
                    out.add(e.asText());
                }
            });
        }
        return out;
    }

    /** A timestamp field (ISO-8601 as dbt writes it; UTC when it has no offset), or null. */
    @Nullable
    static OffsetDateTime time(@Nullable JsonNode n, String field) {
        String s = n == null ? null : text(n, field);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(s).atOffset(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** A number field, or null. */
    @Nullable
    static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    /** Text cut to {@link #MAX_MESSAGE} characters. */
    @Nullable
    static String cut(@Nullable String s) {
        return s == null || s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE);
    }
}
