package com.datacoves.jade.ops;

import com.datacoves.jade.config.JadeVariable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker-compose.yml}: valid against the Compose Specification's JSON schema, Jade's services set only
 * variables Jade reads, and start-up order follows healthchecks and one-shot services.
 */
class ComposeFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() {
        List<Object> docs = ProjectFiles.yamlDocuments("docker-compose.yml");
        assertEquals(1, docs.size());
        return (Map<String, Object>) docs.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        Map<String, Object> service = (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
        assertNotNull(service, name);
        return service;
    }

    /** The schema: {@code -Djade.compose.schema=…} or {@code ../shared/data/compose-spec/compose-spec.json}. */
    private static Path schemaFile() {
        String configured = System.getProperty("jade.compose.schema");
        return configured != null ? Path.of(configured)
                : ProjectFiles.root().resolve("../shared/data/compose-spec/compose-spec.json").normalize();
    }

    /** The draft named by the schema's {@code $schema}. */
    static SpecVersion.VersionFlag draftOf(String schemaUri) {
        for (var entry : Map.of("draft-04", SpecVersion.VersionFlag.V4, "draft-06", SpecVersion.VersionFlag.V6,
                "draft-07", SpecVersion.VersionFlag.V7, "2019-09", SpecVersion.VersionFlag.V201909,
                "2020-12", SpecVersion.VersionFlag.V202012).entrySet()) {
            if (schemaUri.contains(entry.getKey())) {
                return entry.getValue();
            }
        }
        throw new IllegalArgumentException("unknown JSON schema draft " + schemaUri);
    }

    @Test
    void validAgainstTheComposeSpecification() throws IOException {
        Path file = schemaFile();
        Assumptions.assumeTrue(Files.isRegularFile(file),
                "Compose Specification schema not found at " + file + " (set -Djade.compose.schema=…): skipped");
        ObjectNode schemaNode = (ObjectNode) JSON.readTree(file.toFile());
        SpecVersion.VersionFlag draft = draftOf(schemaNode.path("$schema").asText());
        // the draft's canonical meta-schema id, so that the validator uses its built-in copy (no network)
        schemaNode.put("$schema", draft.getId());
        // the file's relative $id ("compose_spec.json") made absolute, so that its local $refs resolve
        schemaNode.put("$id", file.toUri().resolve(schemaNode.path("$id").asText("compose_spec.json")).toString());
        JsonSchema schema = JsonSchemaFactory.getInstance(draft).getSchema(schemaNode);
        JsonNode document = JSON.valueToTree(compose());
        Set<ValidationMessage> errors = schema.validate(document);
        assertTrue(errors.isEmpty(), errors.toString());

        JsonNode broken = JSON.valueToTree(Map.of("services", Map.of("jade", Map.of("imagez", "x"))));
        assertTrue(!schema.validate(broken).isEmpty(), "the schema rejects unknown service fields");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jadeServicesSetOnlyVariablesJadeReads() {
        Map<String, Object> env = (Map<String, Object>) service("jade").get("environment");
        Set<String> names = new TreeSet<>(env.keySet());
        for (String name : names) {
            assertTrue(JadeVariable.reads(name), name + " is not a variable Jade reads");
        }
        assertEquals("minio", env.get("STORAGE_ADAPTER"));
        assertTrue(names.containsAll(Set.of("DB_URL", "DATACOVES_DB_URL", "MINIO_URL", "MINIO_ACCESS_KEY",
                "MINIO_SECRET_KEY", "MINIO_BUCKET_NAME", "JADE_AIRFLOW_ENVIRONMENTS_DEV123_URL")), names.toString());
        // the seeding service reads only the demo's server variable (PostgresServer.EXTERNAL_URL_VARIABLE)
        Map<String, Object> seedEnv = (Map<String, Object>) service("seed-demo").get("environment");
        assertEquals(Set.of(com.datacoves.jade.demo.PostgresServer.EXTERNAL_URL_VARIABLE), seedEnv.keySet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void startOrderFollowsHealthchecksAndOneShotServices() {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        assertTrue(services.keySet().containsAll(Set.of("postgres", "seed-demo", "minio", "minio-init", "azurite",
                "jade")), services.keySet().toString());
        services.forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            Object dependsOn = service.get("depends_on");
            if (!(dependsOn instanceof Map<?, ?> deps)) {
                return;
            }
            deps.forEach((dep, how) -> {
                String condition = String.valueOf(((Map<String, Object>) how).get("condition"));
                if (condition.equals("service_healthy")) {
                    assertNotNull(service((String) dep).get("healthcheck"), dep + " needs a healthcheck for " + name);
                }
            });
        });
        Map<String, Object> jadeDeps = (Map<String, Object>) service("jade").get("depends_on");
        assertEquals("service_completed_successfully",
                ((Map<String, Object>) jadeDeps.get("seed-demo")).get("condition"));
        assertEquals("service_completed_successfully",
                ((Map<String, Object>) jadeDeps.get("minio-init")).get("condition"));
        assertTrue(String.valueOf(((Map<String, Object>) service("jade").get("healthcheck")).get("test"))
                .contains("/health/readiness"));
    }
}
