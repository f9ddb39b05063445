package com.datacoves.jade.demo;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** The small top-level sections {@link ManifestGenerator} writes after nodes and sources (manifest v12 shapes). */
final class ManifestGeneratorExtras {

    private static final String P = ManifestGenerator.PROJECT;
    private static final double CREATED_AT = 1_732_000_000.0;

    private ManifestGeneratorExtras() {
    }

    /** The exposure, semantic model, metrics and saved query {@link #rest} writes, all built on the first model. */
    static final String EXPOSURE = "exposure." + P + ".weekly_kpis";
    static final String SEMANTIC_MODEL = "semantic_model." + P + ".values";
    static final String METRIC = "metric." + P + ".value_total";
    static final String DERIVED_METRIC = "metric." + P + ".value_total_doubled";
    static final String SAVED_QUERY = "saved_query." + P + ".value_by_day";

    /**
     * macros, docs, exposures, metrics, groups, selectors, disabled, saved_queries, semantic_models, unit_tests; the
     * exposure and the semantic layer read {@code firstModel}.
     */
    static void rest(JsonGenerator g, String firstModel) throws IOException {
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
        g.writeArrayFieldStart("arguments");
        g.writeEndArray();
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
        String model = firstModel.substring(firstModel.lastIndexOf('.') + 1);
        section(g, "exposures", EXPOSURE, """
                {"name": "weekly_kpis", "resource_type": "exposure", "package_name": "%1$s",
                 "path": "exposures.yml", "original_file_path": "models/exposures.yml", "unique_id": "%2$s",
                 "fqn": ["%1$s", "weekly_kpis"], "type": "dashboard",
                 "owner": {"email": "data@example.com", "name": "Data team"},
                 "description": "The weekly KPI dashboard.", "label": "Weekly KPIs", "maturity": "high",
                 "meta": {}, "tags": ["kpi"], "config": {"enabled": true, "tags": ["kpi"], "meta": {}},
                 "unrendered_config": {}, "url": "https://bi.example.com/dashboards/7",
                 "depends_on": {"macros": [], "nodes": ["%3$s"]},
                 "refs": [{"name": "%4$s", "package": null, "version": null}], "sources": [], "metrics": [],
                 "created_at": 1732000000.0}""".formatted(P, EXPOSURE, firstModel, model));
        String measure = """
                {"name": "value_total", "filter": null, "alias": null, "join_to_timespine": false,
                 "fill_nulls_with": null}""";
        g.writeObjectFieldStart("metrics");
        g.writeFieldName(METRIC);
        g.writeRawValue(metric("value_total", METRIC, "simple", "Value total", """
                "measure": %1$s, "input_measures": [%1$s], "numerator": null, "denominator": null, "expr": null,
                "metrics": []""".formatted(measure), SEMANTIC_MODEL));
        g.writeFieldName(DERIVED_METRIC);
        g.writeRawValue(metric("value_total_doubled", DERIVED_METRIC, "derived", "Value total, doubled", """
                "measure": null, "input_measures": [%1$s], "numerator": null, "denominator": null,
                "expr": "value_total * 2", "metrics": [{"name": "value_total", "filter": null, "alias": null,
                "offset_window": null, "offset_to_grain": null}]""".formatted(measure), METRIC));
        g.writeEndObject();
        g.writeObjectFieldStart("groups");
        g.writeObjectFieldStart("group." + P + ".core");
        g.writeStringField("name", "core");
        g.writeStringField("resource_type", "group");
        g.writeStringField("package_name", P);
        g.writeStringField("path", "models/groups.yml");
        g.writeStringField("original_file_path", "models/groups.yml");
        g.writeStringField("unique_id", "group." + P + ".core");
        g.writeStringField("description", "The core models.");
        g.writeObjectFieldStart("owner");
        g.writeStringField("name", "Data team");
        g.writeStringField("email", "data@example.com");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        for (String empty : new String[]{"selectors", "disabled"}) {
            g.writeObjectFieldStart(empty);
            g.writeEndObject();
        }
        section(g, "saved_queries", SAVED_QUERY, """
                {"name": "value_by_day", "resource_type": "saved_query", "package_name": "%1$s",
                 "path": "semantic.yml", "original_file_path": "models/semantic.yml", "unique_id": "%2$s",
                 "fqn": ["%1$s", "value_by_day"],
                 "query_params": {"metrics": ["value_total"], "group_by": ["TimeDimension('metric_time', 'day')"],
                   "where": {"where_filters": [{"where_sql_template": "{{ Dimension('id__created_at') }} >= '2026-01-01'"}]},
                   "order_by": [], "limit": null},
                 "exports": [{"name": "value_by_day", "config": {"export_as": "table", "schema_name": "marts",
                   "alias": "value_by_day", "database": "analytics"}, "unrendered_config": {"export_as": "table"}}],
                 "description": "Value per day.", "label": null, "metadata": null,
                 "config": {"enabled": true, "group": null, "meta": {}, "export_as": null, "schema": null,
                   "cache": {"enabled": false}},
                 "unrendered_config": {}, "group": null, "depends_on": {"macros": [], "nodes": ["%3$s"]},
                 "created_at": 1732000000.0, "refs": []}""".formatted(P, SAVED_QUERY, METRIC));
        section(g, "semantic_models", SEMANTIC_MODEL, """
                {"name": "values", "resource_type": "semantic_model", "package_name": "%1$s",
                 "path": "semantic.yml", "original_file_path": "models/semantic.yml", "unique_id": "%2$s",
                 "fqn": ["%1$s", "values"], "model": "ref('%4$s')",
                 "node_relation": {"alias": "%4$s", "schema_name": "marts", "database": "analytics",
                   "relation_name": "\\"analytics\\".\\"marts\\".\\"%4$s\\""},
                 "description": "The values of %4$s.", "label": null,
                 "defaults": {"agg_time_dimension": "created_at"},
                 "entities": [{"name": "id", "type": "primary", "description": "The row.", "label": null,
                   "role": null, "expr": null}],
                 "measures": [{"name": "value_total", "agg": "sum", "description": "Sum of value.", "label": null,
                   "create_metric": false, "expr": "value", "agg_params": null, "non_additive_dimension": null,
                   "agg_time_dimension": null}],
                 "dimensions": [{"name": "created_at", "type": "time", "description": null, "label": null,
                   "is_partition": false, "type_params": {"time_granularity": "day", "validity_params": null},
                   "expr": null, "metadata": null}],
                 "metadata": null, "depends_on": {"macros": [], "nodes": ["%3$s"]},
                 "refs": [{"name": "%4$s", "package": null, "version": null}], "created_at": 1732000000.0,
                 "config": {"enabled": true, "group": null, "meta": {}}, "unrendered_config": {},
                 "primary_entity": null, "group": null}""".formatted(P, SEMANTIC_MODEL, firstModel, model));
        g.writeObjectFieldStart("unit_tests");
        g.writeEndObject();
    }

    /** A top-level section holding one entry, given as JSON text. */
    private static void section(JsonGenerator g, String name, String uniqueId, String json) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeFieldName(uniqueId);
        g.writeRawValue(json);
        g.writeEndObject();
    }

    /** A metric entry (manifest v12) with the given {@code type_params} body, built on one parent. */
    private static String metric(String name, String uniqueId, String type, String label, String typeParams,
                                 String parent) {
        return """
                {"name": "%2$s", "resource_type": "metric", "package_name": "%1$s", "path": "semantic.yml",
                 "original_file_path": "models/semantic.yml", "unique_id": "%3$s", "fqn": ["%1$s", "%2$s"],
                 "description": "%5$s.", "label": "%5$s", "type": "%4$s",
                 "type_params": {%6$s, "window": null, "grain_to_date": null, "conversion_type_params": null,
                   "cumulative_type_params": null},
                 "filter": null, "metadata": null, "time_granularity": null, "meta": {}, "tags": [],
                 "config": {"enabled": true, "group": null, "meta": {}}, "unrendered_config": {}, "sources": [],
                 "depends_on": {"macros": [], "nodes": ["%7$s"]}, "refs": [], "metrics": [],
                 "created_at": 1732000000.0, "group": null}""".formatted(P, name, uniqueId, type, label, typeParams,
                parent);
    }
}
