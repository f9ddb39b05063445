package com.datacoves.jade.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The OpenAPI document checked in under {@code openapi/} must be the one generated from the code (and served at
 * {@code /api/v2/openapi}), and its schema of each dbt Cloud resource must name exactly the fields Jade answers: those
 * of the resource's golden file (the whole answer for one demo object, see {@code golden.GoldenJsonTest}).
 */
class OpenApiDocumentTest {

    @Test
    void checkedInDocumentMatchesTheGeneratedOne() throws Exception {
        String generated;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(OpenApiController.DOCUMENT_FOLDER
                + OpenApiController.documentName())) {
            assertNotNull(in, "the build did not generate the OpenAPI document");
            generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path checkedIn = Path.of(System.getProperty("jade.project.dir", "."), "openapi", "jade.json");
        String expected = Files.exists(checkedIn) ? Files.readString(checkedIn) : "";
        assertEquals(expected.strip(), generated.strip(),
                "openapi/jade.json differs from the document generated from the controllers; after checking the "
                        + "change, update it with: cp target/classes/META-INF/swagger/jade.json openapi/jade.json");
    }

    @ParameterizedTest
    @CsvSource({"Account, account.json", "Project, project-v2.json", "Environment, environment-v2.json",
            "Job, job.json", "Run, run.json", "RunStep, run-step.json", "RunTrigger, run-include-trigger.json#trigger"})
    void eachResourceSchemaNamesTheFieldsOfItsAnswer(String schema, String golden) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path project = Path.of(System.getProperty("jade.project.dir", "."));
        JsonNode document = json.readTree(project.resolve("openapi").resolve("jade.json").toFile());
        String[] file = golden.split("#");
        JsonNode answer = json.readTree(project.resolve("src/test/resources/golden").resolve(file[0]).toFile());
        if (file.length > 1) {
            answer = answer.get(file[1]);
        }
        Set<String> answered = new TreeSet<>();
        answer.fieldNames().forEachRemaining(answered::add);
        Set<String> documented = new TreeSet<>();
        document.path("components").path("schemas").path(schema).path("properties").fieldNames()
                .forEachRemaining(documented::add);
        assertEquals(answered, documented, "schema " + schema + " vs golden/" + golden);
    }
}
