package com.datacoves.jade.discovery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.Set;

import static com.datacoves.jade.discovery.ArtifactJson.firstText;
import static com.datacoves.jade.discovery.ArtifactJson.json;
import static com.datacoves.jade.discovery.ArtifactJson.strings;
import static com.datacoves.jade.discovery.ArtifactJson.text;

/**
 * Streams a {@code manifest.json}: its {@code metadata} and {@code selectors}, and each entry of {@code nodes},
 * {@code sources}, {@code exposures}, {@code macros}, {@code metrics}, {@code semantic_models},
 * {@code saved_queries} and {@code groups} read as a tree one at a time and handed on as a {@link NodeDefinition}.
 * Everything else (docs, parent and child maps, disabled nodes, unit tests…) is skipped without being built, so a
 * 500 MB manifest costs one node's tree of memory.
 */
final class ManifestReader {

    /** Resource types the Discovery API serves; analyses, operations and the like are skipped. */
    static final Set<String> SERVED = Set.of("model", "seed", "snapshot", "test", "source", "exposure", "macro",
            "metric", "semantic_model", "saved_query", "group");

    /**
     * The manifest's {@code metadata}.
     *
     * @param projectName  {@code project_name}
     * @param adapterType  {@code adapter_type}
     * @param dbtVersion   {@code dbt_version}
     * @param invocationId {@code invocation_id}
     * @param generatedAt  {@code generated_at}
     * @param selectorsJson the top-level {@code selectors} as a JSON object, name → definition (at most
     *                      {@link #MAX_SELECTORS} of them, {@link #MAX_SELECTORS_CHARS} characters in all); null when
     *                      the manifest has none
     */
    public record Metadata(@Nullable String projectName, @Nullable String adapterType, @Nullable String dbtVersion,
                    @Nullable String invocationId, @Nullable OffsetDateTime generatedAt,
                    @Nullable String selectorsJson) {
    }

    /** Most YAML selectors kept from one manifest; the rest are not kept. */
    static final int MAX_SELECTORS = 1000;
    /** Most characters of selector definitions kept from one manifest; a selector beyond them is not kept. */
    static final int MAX_SELECTORS_CHARS = 1 << 20;

    /** Receives each served node. */
    interface Sink {
        /**
         * @param node  its definition
         * @param state what dbt's {@code state:} method compares of it with an earlier manifest
         */
        void node(NodeDefinition node, NodeState state) throws IOException;
    }

    private ManifestReader() {
    }

    /**
     * Reads the manifest to its end.
     *
     * @return its metadata (all null when it has none)
     * @throws IOException when the bytes are not a JSON object
     */
    static Metadata read(InputStream in, Sink sink) throws IOException {
        Metadata metadata = new Metadata(null, null, null, null, null, null);
        com.fasterxml.jackson.databind.node.ObjectNode selectors = ArtifactJson.MAPPER.createObjectNode();
        int[] selectorChars = {0};
        try (JsonParser p = ArtifactJson.MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a manifest is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "metadata" -> metadata = metadata(ArtifactJson.MAPPER.readTree(p));
                    case "nodes", "sources", "exposures", "macros", "metrics", "semantic_models", "saved_queries",
                         "groups" -> ArtifactJson.forEachEntry(p, (key, node) -> {
                        NodeDefinition d = definition(node);
                        if (d != null) {
                            sink.node(d, NodeState.of(d.resourceType(), node));
                        }
                    });
                    case "selectors" -> ArtifactJson.forEachEntry(p, (name, selector) -> {
                        JsonNode definition = selector.has("definition") ? selector.get("definition") : selector;
                        int chars = definition.toString().length();
                        if (selectors.size() < MAX_SELECTORS && selectorChars[0] + chars <= MAX_SELECTORS_CHARS) {
                            selectors.set(name, definition);
                            selectorChars[0] += chars;
                        }
                    });
                    default -> p.skipChildren();
                }
            }
        }
        return selectors.isEmpty() ? metadata : new Metadata(metadata.projectName(), metadata.adapterType(),
                metadata.dbtVersion(), metadata.invocationId(), metadata.generatedAt(), selectors.toString());
    }

    private static Metadata metadata(JsonNode m) {
        return new Metadata(text(m, "project_name"), text(m, "adapter_type"), text(m, "dbt_version"),
                text(m, "invocation_id"), ArtifactJson.time(m, "generated_at"), null);
    }

    /** The definition of one manifest entry, or null when it is not a served resource type. */
    @Nullable
    static NodeDefinition definition(JsonNode n) {
        String uniqueId = text(n, "unique_id");
        String type = text(n, "resource_type");
        if (uniqueId == null || type == null || !SERVED.contains(type)) {
            return null;
        }
        JsonNode config = n.path("config");
        JsonNode dependsOn = n.path("depends_on");
        boolean source = type.equals("source");
        boolean macro = type.equals("macro");
        String alias = text(n, "alias");
        String identifier = source ? text(n, "identifier") : alias;
        Boolean contract = config.path("contract").has("enforced")
                ? config.path("contract").path("enforced").asBoolean() : null;
        // a semantic model or saved query keeps its meta in config (it has no top-level meta)
        String meta = n.has("meta") ? json(n, "meta") : json(config, "meta");
        return new NodeDefinition(uniqueId, type, text(n, "name"), text(n, "description"), text(n, "package_name"),
                firstText(n, "original_file_path", "path"), text(n, "patch_path"), text(n, "database"),
                text(n, "schema"), source ? null : alias, identifier, text(n, "relation_name"),
                text(n, "source_name"), text(n, "source_description"), text(n, "loader"),
                text(config, "materialized"), text(n, "language"), text(n, "access"),
                firstText(n, "group"), text(n, "version"), text(n, "latest_version"), contract,
                strings(n.get("tags")), strings(n.get("fqn")),
                strings(dependsOn.get(macro ? "macros" : "nodes")), strings(dependsOn.get("macros")), meta,
                json(n, "config"), json(n, "columns"), firstText(n, "raw_code", "raw_sql", "macro_sql"),
                firstText(n, "compiled_code", "compiled_sql"), text(n, "column_name"), json(n, "test_metadata"),
                text(n, "attached_node"), source ? json(n, "freshness") : null, details(type, n));
    }

    /** The fields of the node's own kind as JSON text (see {@link NodeDefinition#detailsJson}), or null. */
    @Nullable
    private static String details(String type, JsonNode n) {
        return switch (type) {
            case "exposure" -> exposure(n);
            case "macro" -> picked(n, "arguments");
            case "metric" -> picked(n, "label", "type", "type_params", "filter");
            case "semantic_model" -> picked(n, "label", "entities", "dimensions", "measures");
            case "saved_query" -> picked(n, "label", "query_params", "exports");
            case "group" -> picked(n, "owner");
            default -> null;
        };
    }

    /** The named fields of a manifest entry, as they are (absent ones left out), as JSON text. */
    private static String picked(JsonNode n, String... fields) {
        com.fasterxml.jackson.databind.node.ObjectNode e = ArtifactJson.MAPPER.createObjectNode();
        for (String field : fields) {
            if (n.has(field)) {
                e.set(field, n.get(field));
            }
        }
        return e.toString();
    }

    /** An exposure's own fields as JSON text: type, maturity, owner (name, email), url, label. */
    private static String exposure(JsonNode n) {
        com.fasterxml.jackson.databind.node.ObjectNode e = ArtifactJson.MAPPER.createObjectNode();
        for (String field : new String[]{"type", "maturity", "url", "label"}) {
            e.put(field, text(n, field));
        }
        com.fasterxml.jackson.databind.node.ObjectNode owner = e.putObject("owner");
        owner.put("name", text(n.path("owner"), "name"));
        owner.put("email", text(n.path("owner"), "email"));
        return e.toString();
    }
}
