package com.datacoves.jade.openapi;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The OpenAPI document checked in under {@code openapi/} must be the one generated from the code (and served at
 * {@code /api/v2/openapi}).
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
}
