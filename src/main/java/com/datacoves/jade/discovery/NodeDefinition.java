package com.datacoves.jade.discovery;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One model, seed, snapshot, test, source, exposure, macro, metric, semantic model, saved query or group as a
 * manifest defines it (a row of {@code discovery_nodes}). Field names follow dbt's manifest; JSON-valued fields hold
 * JSON text as the manifest had it.
 *
 * @param uniqueId          dbt's {@code unique_id}
 * @param resourceType      {@code model}, {@code seed}, {@code snapshot}, {@code test}, {@code source},
 *                          {@code exposure}, {@code macro}, {@code metric}, {@code semantic_model},
 *                          {@code saved_query} or {@code group}
 * @param name              node name
 * @param description       node description
 * @param packageName       the dbt package defining the node
 * @param filePath          {@code original_file_path}
 * @param patchPath         the YAML file that documents the node
 * @param database          target database
 * @param schema            target schema
 * @param alias             relation name of a model, seed or snapshot
 * @param identifier        relation name of a source (the alias for other nodes)
 * @param relationName      quoted {@code database.schema.identifier}
 * @param sourceName        a source's source name
 * @param sourceDescription a source's source-level description
 * @param loader            a source's loader
 * @param materializedType  {@code config.materialized}
 * @param language          {@code sql} or {@code python}
 * @param access            model access ({@code private}, {@code protected}, {@code public})
 * @param group             model group
 * @param version           model version
 * @param latestVersion     latest version of a versioned model
 * @param contractEnforced  {@code config.contract.enforced}
 * @param tags              tags
 * @param fqn               fully qualified name parts
 * @param dependsOn         the node's parents: {@code depends_on.nodes} ({@code depends_on.macros} for a macro,
 *                          whose parents are the macros it calls)
 * @param dependsOnMacros   {@code depends_on.macros}
 * @param metaJson          {@code meta}
 * @param configJson        {@code config}
 * @param columnsJson       documented columns ({@code columns}: name → description, data_type, meta, tags)
 * @param rawCode           {@code raw_code} ({@code raw_sql} before dbt 1.3); a macro's {@code macro_sql}
 * @param compiledCode      {@code compiled_code} ({@code compiled_sql} before dbt 1.3), when the manifest has it
 * @param columnName        a generic test's column
 * @param testMetadataJson  a generic test's {@code test_metadata} (name, namespace, kwargs); null for singular tests
 * @param attachedNode      the node a test is attached to
 * @param freshnessJson     a source's {@code freshness} criteria
 * @param detailsJson       the fields of the node's own kind (null for models, seeds, snapshots, tests and sources):
 *                          an exposure's {@code type}, {@code maturity}, {@code owner} ({@code name}, {@code email}),
 *                          {@code url}, {@code label}; a macro's {@code arguments}; a metric's {@code label},
 *                          {@code type}, {@code type_params}, {@code filter}; a semantic model's {@code label},
 *                          {@code entities}, {@code dimensions}, {@code measures}; a saved query's {@code label},
 *                          {@code query_params}, {@code exports}; a group's {@code owner}
 */
public record NodeDefinition(String uniqueId, String resourceType, @Nullable String name, @Nullable String description,
                             @Nullable String packageName, @Nullable String filePath, @Nullable String patchPath,
                             @Nullable String database, @Nullable String schema, @Nullable String alias,
                             @Nullable String identifier, @Nullable String relationName, @Nullable String sourceName,
                             @Nullable String sourceDescription, @Nullable String loader,
                             @Nullable String materializedType, @Nullable String language, @Nullable String access,
                             @Nullable String group, @Nullable String version, @Nullable String latestVersion,
                             @Nullable Boolean contractEnforced, List<String> tags, List<String> fqn,
                             List<String> dependsOn, List<String> dependsOnMacros, @Nullable String metaJson,
                             @Nullable String configJson, @Nullable String columnsJson, @Nullable String rawCode,
                             @Nullable String compiledCode, @Nullable String columnName,
                             @Nullable String testMetadataJson, @Nullable String attachedNode,
                             @Nullable String freshnessJson, @Nullable String detailsJson) {
}
