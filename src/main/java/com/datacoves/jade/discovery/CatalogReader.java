package com.datacoves.jade.discovery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static com.datacoves.jade.discovery.ArtifactJson.text;

/**
 * Streams a {@code catalog.json} ({@code dbt docs generate}): each entry of {@code nodes} and {@code sources} read as
 * a tree one at a time and handed on as a {@link Entry}.
 */
final class CatalogReader {

    /**
     * One relation as the warehouse described it.
     *
     * @param uniqueId    the node or source
     * @param tableType   {@code metadata.type} (e.g. {@code BASE TABLE}, {@code VIEW})
     * @param owner       {@code metadata.owner}
     * @param comment     {@code metadata.comment}
     * @param columnsJson the columns as a JSON array of {@code {name, type, index, comment}}, by index
     * @param statsJson   the stats as a JSON array of {@code {id, label, value, include, description}}
     */
    public record Entry(String uniqueId, @Nullable String tableType, @Nullable String owner, @Nullable String comment,
                 String columnsJson, String statsJson) {
    }

    /** Receives each entry. */
    interface Sink {
        void entry(Entry entry) throws IOException;
    }

    private CatalogReader() {
    }

    /**
     * Reads the catalog to its end.
     *
     * @return {@code metadata.generated_at}, or null
     */
    @Nullable
    static OffsetDateTime read(InputStream in, Sink sink) throws IOException {
        OffsetDateTime[] generatedAt = {null};
        try (JsonParser p = ArtifactJson.MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("catalog.json is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "metadata" -> generatedAt[0] = ArtifactJson.time(ArtifactJson.MAPPER.readTree(p), "generated_at");
                    case "nodes", "sources" -> ArtifactJson.forEachEntry(p, (key, node) -> {
                        Entry e = entry(key, node);
                        if (e != null) {
                            sink.entry(e);
                        }
                    });
                    default -> p.skipChildren();
                }
            }
        }
        return generatedAt[0];
    }

    @Nullable
    private static Entry entry(@Nullable String key, JsonNode n) {
        String uniqueId = text(n, "unique_id");
        if (uniqueId == null) {
            uniqueId = key;
        }
        if (uniqueId == null) {
            return null;
        }
        JsonNode meta = n.path("metadata");
        List<JsonNode> columns = new ArrayList<>();
        n.path("columns").forEach(columns::add);
        columns.sort(Comparator.comparingInt(c -> c.path("index").asInt(Integer.MAX_VALUE)));
        ArrayNode cols = ArtifactJson.MAPPER.createArrayNode();
        for (JsonNode c : columns) {
            ObjectNode o = cols.addObject();
            o.put("name", text(c, "name"));
            o.put("type", text(c, "type"));
            if (c.path("index").isNumber()) {
                o.put("index", c.path("index").asInt());
            } else {
                o.putNull("index");
            }
            o.put("comment", text(c, "comment"));
        }
        ArrayNode stats = ArtifactJson.MAPPER.createArrayNode();
        n.path("stats").forEach(s -> {
            ObjectNode o = stats.addObject();
            o.put("id", text(s, "id"));
            o.put("label", text(s, "label"));
            o.set("value", s.get("value"));
            o.put("include", s.path("include").asBoolean(false));
            o.put("description", text(s, "description"));
        });
        return new Entry(uniqueId, text(meta, "type"), text(meta, "owner"), text(meta, "comment"), cols.toString(),
                stats.toString());
    }
}
