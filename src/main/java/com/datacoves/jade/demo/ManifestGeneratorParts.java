package com.datacoves.jade.demo;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.List;
import java.util.Random;

/** The pieces {@link ManifestGenerator} writes, each shaped as in dbt's manifest v12 schema. */
final class ManifestGeneratorParts {

    private static final String P = ManifestGenerator.PROJECT;
    private static final double CREATED_AT = 1_732_000_000.0;

    private ManifestGeneratorParts() {
    }

    static String modelId(int i) {
        return "model." + P + ".model_" + i;
    }

    static String testId(int i) {
        return "test." + P + ".not_null_model_" + i + "_id." + String.format("%010x", (long) i * 2654435761L);
    }

    static String seedId(int s) {
        return "seed." + P + ".seed_" + s;
    }

    static String sourceId(int s) {
        return "source." + P + ".raw.table_" + s;
    }

    static void metadata(JsonGenerator g, Random random, int models) throws IOException {
        g.writeObjectFieldStart("metadata");
        g.writeStringField("dbt_schema_version", ManifestGenerator.SCHEMA);
        g.writeStringField("dbt_version", "1.9.4");
        g.writeStringField("generated_at", "2024-11-19T07:06:40.000000Z");
        g.writeStringField("invocation_id", new java.util.UUID(random.nextLong(), random.nextLong()).toString());
        g.writeObjectFieldStart("env");
        g.writeEndObject();
        g.writeStringField("project_name", P);
        g.writeStringField("project_id", String.format("%032x", (long) models));
        g.writeNullField("user_id");
        g.writeBooleanField("send_anonymous_usage_stats", false);
        g.writeStringField("adapter_type", "postgres");
        g.writeEndObject();
    }

    private static void common(JsonGenerator g, String resourceType, String name, String uniqueId, String path,
                               String schema) throws IOException {
        g.writeStringField("database", "analytics");
        g.writeStringField("schema", schema);
        g.writeStringField("name", name);
        g.writeStringField("resource_type", resourceType);
        g.writeStringField("package_name", P);
        g.writeStringField("path", path);
        g.writeStringField("original_file_path", (resourceType.equals("seed") ? "seeds/" : "models/") + path);
        g.writeStringField("unique_id", uniqueId);
        g.writeArrayFieldStart("fqn");
        g.writeString(P);
        g.writeString(name);
        g.writeEndArray();
        g.writeStringField("alias", name);
        g.writeObjectFieldStart("checksum");
        g.writeStringField("name", "sha256");
        g.writeStringField("checksum", String.format("%064x", uniqueId.hashCode() & 0xffffffffL));
        g.writeEndObject();
    }

    private static void config(JsonGenerator g, String materialized) throws IOException {
        g.writeObjectFieldStart("config");
        g.writeBooleanField("enabled", true);
        g.writeNullField("alias");
        g.writeNullField("schema");
        g.writeNullField("database");
        g.writeArrayFieldStart("tags");
        g.writeEndArray();
        g.writeObjectFieldStart("meta");
        g.writeEndObject();
        g.writeNullField("group");
        g.writeStringField("materialized", materialized);
        g.writeStringField("on_schema_change", "ignore");
        g.writeEndObject();
    }

    private static void tail(JsonGenerator g, String description, List<String> dependsOn, String rawCode,
                             String group) throws IOException {
        g.writeArrayFieldStart("tags");
        g.writeEndArray();
        g.writeStringField("description", description);
        g.writeObjectFieldStart("columns");
        g.writeObjectFieldStart("id");
        g.writeStringField("name", "id");
        g.writeStringField("description", "Primary key");
        g.writeObjectFieldStart("meta");
        g.writeEndObject();
        g.writeStringField("data_type", "integer");
        g.writeArrayFieldStart("constraints");
        g.writeEndArray();
        g.writeBooleanField("quote", false);
        g.writeArrayFieldStart("tags");
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("meta");
        g.writeEndObject();
        g.writeStringField("group", group);
        g.writeObjectFieldStart("docs");
        g.writeBooleanField("show", true);
        g.writeNullField("node_color");
        g.writeEndObject();
        g.writeNullField("patch_path");
        g.writeNullField("build_path");
        g.writeObjectFieldStart("unrendered_config");
        g.writeEndObject();
        g.writeNumberField("created_at", CREATED_AT);
        g.writeStringField("raw_code", rawCode);
        g.writeObjectFieldStart("depends_on");
        g.writeArrayFieldStart("macros");
        g.writeEndArray();
        g.writeArrayFieldStart("nodes");
        for (String d : dependsOn) {
            g.writeString(d);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void model(JsonGenerator g, Random random, int i, List<String> parents, String source) throws IOException {
        String name = "model_" + i;
        g.writeObjectFieldStart(modelId(i));
        common(g, "model", name, modelId(i), name + ".sql", "marts");
        config(g, random.nextBoolean() ? "view" : "table");
        List<String> deps = new java.util.ArrayList<>(parents);
        StringBuilder sql = new StringBuilder("select id, ").append(random.nextInt(1000)).append(" as value\nfrom ");
        if (source != null) {
            deps.add(0, source);
            sql.append("{{ source('raw', 'table_").append(i).append("') }}");
        } else {
            sql.append(parents.isEmpty() ? "generate_series(1, 10) as id"
                    : "{{ ref('" + parents.get(0).substring(parents.get(0).lastIndexOf('.') + 1) + "') }}");
        }
        // the first model belongs to the project's one group (ManifestGeneratorExtras)
        tail(g, "Generated model number " + i + ".", deps, sql.toString(), i == 0 ? "core" : null);
        g.writeStringField("relation_name", "\"analytics\".\"marts\".\"" + name + "\"");
        g.writeStringField("language", "sql");
        g.writeArrayFieldStart("refs");
        for (String p : parents) {
            g.writeStartObject();
            g.writeStringField("name", p.substring(p.lastIndexOf('.') + 1));
            g.writeNullField("package");
            g.writeNullField("version");
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("sources");
        if (source != null) {
            g.writeStartArray();
            g.writeString("raw");
            g.writeString("table_" + i);
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("metrics");
        g.writeEndArray();
        g.writeStringField("compiled_path", "target/compiled/" + P + "/models/" + name + ".sql");
        g.writeObjectFieldStart("contract");
        g.writeBooleanField("enforced", false);
        g.writeBooleanField("alias_types", true);
        g.writeNullField("checksum");
        g.writeEndObject();
        g.writeStringField("access", "protected");
        g.writeArrayFieldStart("constraints");
        g.writeEndArray();
        g.writeNullField("version");
        g.writeNullField("latest_version");
        g.writeNullField("deprecation_date");
        g.writeEndObject();
    }

    static void test(JsonGenerator g, int i) throws IOException {
        String name = "not_null_model_" + i + "_id";
        g.writeObjectFieldStart(testId(i));
        common(g, "test", name, testId(i), name + ".sql", "marts_dbt_test__audit");
        config(g, "test");
        tail(g, "", List.of(modelId(i)), "{{ test_not_null(**_dbt_generic_test_kwargs) }}", null);
        g.writeNullField("relation_name");
        g.writeStringField("language", "sql");
        g.writeStringField("column_name", "id");
        g.writeStringField("file_key_name", "models.model_" + i);
        g.writeStringField("attached_node", modelId(i));
        g.writeObjectFieldStart("test_metadata");
        g.writeStringField("name", "not_null");
        g.writeObjectFieldStart("kwargs");
        g.writeStringField("column_name", "id");
        g.writeStringField("model", "{{ get_where_subquery(ref('model_" + i + "')) }}");
        g.writeEndObject();
        g.writeNullField("namespace");
        g.writeEndObject();
        g.writeEndObject();
    }

    static void seed(JsonGenerator g, int s) throws IOException {
        String name = "seed_" + s;
        g.writeObjectFieldStart(seedId(s));
        common(g, "seed", name, seedId(s), name + ".csv", "raw");
        config(g, "seed");
        tail(g, "Generated seed " + s + ".", List.of(), "", null);
        g.writeStringField("relation_name", "\"analytics\".\"raw\".\"" + name + "\"");
        g.writeNullField("root_path");
        g.writeEndObject();
    }

    static void source(JsonGenerator g, int s) throws IOException {
        g.writeObjectFieldStart(sourceId(s));
        g.writeStringField("database", "raw");
        g.writeStringField("schema", "public");
        g.writeStringField("name", "table_" + s);
        g.writeStringField("resource_type", "source");
        g.writeStringField("package_name", P);
        g.writeStringField("path", "models/sources.yml");
        g.writeStringField("original_file_path", "models/sources.yml");
        g.writeStringField("unique_id", sourceId(s));
        g.writeArrayFieldStart("fqn");
        g.writeString(P);
        g.writeString("raw");
        g.writeString("table_" + s);
        g.writeEndArray();
        g.writeStringField("source_name", "raw");
        g.writeStringField("source_description", "Raw data");
        g.writeStringField("loader", "");
        g.writeStringField("identifier", "table_" + s);
        g.writeObjectFieldStart("quoting");
        g.writeEndObject();
        g.writeStringField("description", "Raw table " + s + ".");
        g.writeObjectFieldStart("columns");
        g.writeEndObject();
        g.writeObjectFieldStart("meta");
        g.writeEndObject();
        g.writeObjectFieldStart("source_meta");
        g.writeEndObject();
        g.writeArrayFieldStart("tags");
        g.writeEndArray();
        g.writeObjectFieldStart("config");
        g.writeBooleanField("enabled", true);
        g.writeEndObject();
        g.writeStringField("relation_name", "\"raw\".\"public\".\"table_" + s + "\"");
        g.writeNumberField("created_at", CREATED_AT);
        g.writeEndObject();
    }
}
