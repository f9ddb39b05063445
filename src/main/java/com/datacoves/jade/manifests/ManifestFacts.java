package com.datacoves.jade.manifests;

/**
 * What validation learnt about an uploaded dbt manifest.
 *
 * @param dbtSchemaVersion {@code metadata.dbt_schema_version}, e.g. {@code https://schemas.getdbt.com/dbt/manifest/v12.json}
 * @param schemaVersion    the manifest schema's number, e.g. 12
 * @param dbtVersion       {@code metadata.dbt_version}, or null
 * @param projectName      {@code metadata.project_name}, or null when absent (older manifests)
 * @param nodeCount        number of entries of {@code nodes}
 * @param sourceCount      number of entries of {@code sources} (0 when absent)
 * @param sizeBytes        size of the file in bytes
 * @param sha256           SHA-256 of the file, lower-case hex
 */
public record ManifestFacts(String dbtSchemaVersion, int schemaVersion, String dbtVersion, String projectName,
                            int nodeCount, int sourceCount, long sizeBytes, String sha256) {
}
