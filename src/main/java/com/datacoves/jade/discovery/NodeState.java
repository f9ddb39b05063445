package com.datacoves.jade.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * What dbt's {@code state:} selector method compares between a node and its definition in an earlier manifest
 * (docs/discovery.md, "Lineage selection"), kept as one digest per aspect: the first 8 bytes of the SHA-256 of the
 * aspect's fields. Two definitions are the same in an aspect when their digests are equal; null means dbt does not
 * compare that aspect for the node's kind.
 *
 * <p>The aspects follow dbt's own comparisons ({@code same_body}, {@code same_config},
 * {@code same_database_representation}, {@code same_persisted_description}, {@code same_contract},
 * {@code same_contents}):
 * <ul>
 *   <li>{@code body}: {@code raw_code} of a model, snapshot, test or analysis; a seed's file {@code checksum}; a
 *       macro's {@code macro_sql};</li>
 *   <li>{@code configs}: {@code unrendered_config} (the config when a manifest has none) without {@code database},
 *       {@code schema} and {@code alias}, keys in any order; every kind but macros and groups;</li>
 *   <li>{@code relation}: {@code database}, {@code schema} and {@code alias} of {@code unrendered_config} (nodes);
 *       {@code database}, {@code schema}, {@code identifier} (sources);</li>
 *   <li>{@code descriptions}: the description when {@code config.persist_docs.relation} is on, the columns'
 *       descriptions when {@code persist_docs.columns} is (models, seeds, snapshots, tests);</li>
 *   <li>{@code contract}: whether the contract is enforced and, when it is, its checksum (models; other nodes
 *       have no contract and never differ);</li>
 *   <li>{@code content}: everything dbt's {@code state:modified} compares but upstream macros — for nodes the
 *       aspects above and the {@code fqn}; for sources also quoting, freshness, {@code loaded_at_field} and
 *       {@code external}; for exposures, metrics, semantic models and saved queries their description, label,
 *       dependencies and own fields; for macros their body; for groups their owner.</li>
 * </ul>
 *
 * @param body         digest of the code, or null
 * @param configs      digest of the config, or null
 * @param relation     digest of where the node is built or read, or null
 * @param descriptions digest of the descriptions persisted to the warehouse, or null
 * @param contract     digest of the contract, or null
 * @param content      digest of everything compared; never null
 */
public record NodeState(@Nullable Long body, @Nullable Long configs, @Nullable Long relation,
                        @Nullable Long descriptions, @Nullable Long contract, long content) {

    /** Kinds dbt compares like models ({@code ParsedNode}): body, config, relation, descriptions, contract. */
    private static final Set<String> PARSED = Set.of("model", "seed", "snapshot", "test", "analysis");
    /** Config keys dbt compares as the relation, not as config. */
    private static final Set<String> RELATION_KEYS = Set.of("database", "schema", "alias");
    /** Fields of an exposure, metric, semantic model or saved query that its content digest leaves out. */
    private static final Set<String> NOT_OWN = Set.of("created_at", "config", "unrendered_config", "meta", "tags",
            "metadata", "unique_id", "original_file_path", "path", "patch_path");
    /** Writes JSON with the properties of every object sorted, so that key order never counts as a change. */
    private static final JsonMapper SORTED = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    /**
     * The digests of a manifest entry.
     *
     * @param type its {@code resource_type}
     * @param n    the entry as the manifest has it
     */
    static NodeState of(String type, JsonNode n) {
        JsonNode unrendered = n.has("unrendered_config") ? n.get("unrendered_config") : n.path("config");
        if (type.equals("macro")) {
            Long body = digest(n.path("macro_sql"));
            return new NodeState(body, null, null, null, null, body);
        }
        if (type.equals("group")) {
            return new NodeState(null, null, null, null, null, digest(n.path("name"), n.path("owner")));
        }
        Long configs = digest(withoutRelation(unrendered));
        if (PARSED.contains(type)) {
            Long body = type.equals("seed") ? digest(n.path("checksum").path("checksum"))
                    : digest(n.has("raw_code") ? n.get("raw_code") : n.path("raw_sql"));
            Long relation = digest(unrendered.path("database"), unrendered.path("schema"), unrendered.path("alias"));
            Long descriptions = digest(persisted(n));
            JsonNode contract = n.path("config").path("contract").path("enforced").asBoolean(false)
                    ? n.path("contract").path("checksum") : null;
            Long contractDigest = type.equals("model") ? digest(bool(contract != null), contract) : digest();
            return new NodeState(body, configs, relation, descriptions, contractDigest,
                    digest(n.path("fqn"), longNode(body), longNode(configs), longNode(relation),
                            longNode(descriptions), longNode(contractDigest)));
        }
        if (type.equals("source")) {
            Long relation = digest(n.path("database"), n.path("schema"), n.path("identifier"));
            return new NodeState(null, configs, relation, null, null,
                    digest(n.path("fqn"), longNode(configs), longNode(relation), n.path("quoting"),
                            n.path("freshness"), n.path("loaded_at_field"), n.path("external")));
        }
        // exposures, metrics, semantic models, saved queries
        ObjectNode own = ArtifactJson.MAPPER.createObjectNode();
        n.fields().forEachRemaining(f -> {
            if (!NOT_OWN.contains(f.getKey())) {
                own.set(f.getKey(), f.getValue());
            }
        });
        return new NodeState(null, configs, null, null, null, digest(own, longNode(configs)));
    }

    /** The config without the keys dbt compares as the relation. */
    private static JsonNode withoutRelation(JsonNode config) {
        if (!config.isObject()) {
            return config;
        }
        ObjectNode copy = ((ObjectNode) config).deepCopy();
        copy.remove(RELATION_KEYS);
        return copy;
    }

    /** The descriptions a node's {@code persist_docs} writes to the warehouse: its own, its columns'. */
    private static JsonNode persisted(JsonNode n) {
        JsonNode persist = n.path("config").path("persist_docs");
        ObjectNode out = ArtifactJson.MAPPER.createObjectNode();
        if (persist.path("relation").asBoolean(false)) {
            out.set("relation", n.path("description"));
        }
        if (persist.path("columns").asBoolean(false)) {
            ObjectNode columns = out.putObject("columns");
            n.path("columns").fields().forEachRemaining(c -> columns.set(c.getKey(), c.getValue().path("description")));
        }
        return out;
    }

    private static JsonNode bool(boolean b) {
        return ArtifactJson.MAPPER.getNodeFactory().booleanNode(b);
    }

    private static JsonNode longNode(@Nullable Long value) {
        return value == null ? ArtifactJson.MAPPER.getNodeFactory().nullNode()
                : ArtifactJson.MAPPER.getNodeFactory().numberNode(value);
    }

    /**
     * The first 8 bytes of the SHA-256 of the parts as sorted JSON, one after another (a missing or null part counts
     * as JSON null).
     */
    private static long digest(@Nullable JsonNode... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (JsonNode part : parts) {
            try {
                byte[] bytes = part == null || part.isMissingNode()
                        ? "null".getBytes(StandardCharsets.US_ASCII)
                        : SORTED.writeValueAsBytes(part);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a parsed JSON tree is always writable", e);
            }
        }
        return ByteBuffer.wrap(sha.digest()).getLong();
    }
}
