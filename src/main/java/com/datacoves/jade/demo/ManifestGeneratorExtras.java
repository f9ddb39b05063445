package com.datacoves.jade.demo;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** The small top-level sections {@link ManifestGenerator} writes after nodes and sources (manifest v12 shapes). */
final class ManifestGeneratorExtras {

    private static final String P = ManifestGenerator.PROJECT;
    private static final double CREATED_AT = 1_732_000_000.0;

    private ManifestGeneratorExtras() {
    }

    /** macros, docs, exposures, metrics, groups, selectors, disabled, saved_queries, semantic_models, unit_tests. */
    static void rest(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("macros");
        g.writeObjectFieldStart("macro." + P + ".cents_to_dollars");
        g.writeStringField("name", "cents_to_dollars");
        g.writeStringField("resource_type", "macro");
        g.writeStringField("package_name", P);
        g.writeStringField("path", "macros/cents_to_dollars.sql");
        g.writeStringField("original_file_path", "macros/cents_to_dollars.sql");
        g.writeStringField("unique_id", "macro." + P + ".cents_to_dollars");
        g.writeStringField("macro_sql", "{% macro cents_to_dollars(c) %}({{ c }} / 100){% endmacro %}");
        g.writeObjectFieldStart("depends_on");
        g.writeArrayFieldStart("macros");
        g.writeEndArray();
        g.writeEndObject();
        g.writeStringField("description", "");
        g.writeObjectFieldStart("meta");
        g.writeEndObject();
        g.writeObjectFieldStart("docs");
        g.writeBooleanField("show", true);
        g.writeNullField("node_color");
        g.writeEndObject();
        g.writeNullField("patch_path");
        g.writeObjectFieldStart("arguments");
        g.writeEndObject();
        g.writeNumberField("created_at", CREATED_AT);
        g.writeStringField("supported_languages", null);
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("docs");
        g.writeObjectFieldStart("doc.dbt.__overview__");
        g.writeStringField("name", "__overview__");
        g.writeStringField("resource_type", "doc");
        g.writeStringField("package_name", "dbt");
        g.writeStringField("path", "overview.md");
        g.writeStringField("original_file_path", "docs/overview.md");
        g.writeStringField("unique_id", "doc.dbt.__overview__");
        g.writeStringField("block_contents", "### Welcome to the generated project");
        g.writeEndObject();
        g.writeEndObject();
        for (String empty : new String[]{"exposures", "metrics"}) {
            g.writeObjectFieldStart(empty);
            g.writeEndObject();
        }
        g.writeObjectFieldStart("groups");
        g.writeObjectFieldStart("group." + P + ".core");
        g.writeStringField("name", "core");
        g.writeStringField("resource_type", "group");
        g.writeStringField("package_name", P);
        g.writeStringField("path", "models/groups.yml");
        g.writeStringField("original_file_path", "models/groups.yml");
        g.writeStringField("unique_id", "group." + P + ".core");
        g.writeObjectFieldStart("owner");
        g.writeStringField("name", "Data team");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        for (String empty : new String[]{"selectors", "disabled", "saved_queries", "semantic_models", "unit_tests"}) {
            g.writeObjectFieldStart(empty);
            g.writeEndObject();
        }
    }
}
