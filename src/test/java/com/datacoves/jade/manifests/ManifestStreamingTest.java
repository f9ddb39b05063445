package com.datacoves.jade.manifests;

import com.datacoves.jade.demo.ManifestGenerator;
import com.datacoves.jade.common.JadeException;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ManifestInspector, ManifestTrimmer and ManifestGenerator without a server. */
class ManifestStreamingTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(byte[] bytes) throws IOException {
        return JSON.readValue(bytes, Map.class);
    }

    static Map<String, Object> trimmedByHand(byte[] bytes) throws IOException {
        Map<String, Object> full = tree(bytes);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("metadata", full.get("metadata"));
        t.put("nodes", full.get("nodes"));
        return t;
    }

    @Test
    void realManifestsValidateAndTrimLikeTheFullTree() throws Exception {
        for (Path file : Artifacts.manifests()) {
            byte[] bytes = Files.readAllBytes(file);
            ManifestFacts facts = ManifestInspector.inspect(new ByteArrayInputStream(bytes), Long.MAX_VALUE);
            Map<String, Object> full = tree(bytes);
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) full.get("metadata");
            assertEquals(metadata.get("dbt_schema_version"), facts.dbtSchemaVersion(), file.toString());
            assertEquals(metadata.get("project_name"), facts.projectName(), file.toString());
            assertEquals(((Map<?, ?>) full.get("nodes")).size(), facts.nodeCount(), file.toString());
            assertEquals(((Map<?, ?>) full.get("sources")).size(), facts.sourceCount(), file.toString());
            assertEquals(bytes.length, facts.sizeBytes());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), facts.sha256());
            assertTrue(facts.schemaVersion() >= 9 && facts.schemaVersion() <= 12, file.toString());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ManifestTrimmer.trim(new ByteArrayInputStream(bytes), out);
            assertEquals(trimmedByHand(bytes), tree(out.toByteArray()), file.toString());
        }
    }

    @Test
    void badInputsAre422And413() {
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("", 422);
        cases.put("   ", 422);
        cases.put("{\"metadata\":", 422);
        cases.put("not json", 422);
        cases.put("[1,2]", 422);
        cases.put("{\"nodes\":{}}", 422);
        cases.put("{\"metadata\":{},\"nodes\":{}}", 422);
        cases.put("{\"metadata\":{\"dbt_schema_version\":\"https://schemas.getdbt.com/dbt/run-results/v6.json\"},"
                + "\"nodes\":{}}", 422);
        cases.put("{\"metadata\":{\"dbt_schema_version\":\"https://schemas.getdbt.com/dbt/manifest/v12.json\"}}", 422);
        cases.put("{\"metadata\":{\"dbt_schema_version\":\"https://schemas.getdbt.com/dbt/manifest/v12.json\"},"
                + "\"nodes\":{}} {}", 422);
        cases.forEach((body, status) -> {
            JadeException e = assertThrows(JadeException.class, () -> ManifestInspector.inspect(
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), 1000), body);
            assertEquals(status, com.datacoves.jade.http.ErrorResponses.status(e).getCode(), body);
        });
        // malformed UTF-8: in a skipped value, in a field name, and in a name whose other bytes are a name seen before
        // (Jackson's byte parsers took the bytes FF 61 for "a" there), and a lone continuation byte
        for (String where : new String[]{"\"nodes\":{\"a\":{\"raw_code\":\"x\u00ff\"}}", "\"nodes\":{\"\u00ffa\":{}}",
                "\"nodes\":{\"a\":{},\"\u00ffa\":{}}", "\"nodes\":{\"a\":{\"description\":\"\u0080\"}}"}) {
            byte[] bytes = ("{\"metadata\":{\"dbt_schema_version\":\"https://schemas.getdbt.com/dbt/manifest/v12.json\"},"
                    + where + "}").getBytes(StandardCharsets.ISO_8859_1);   // U+00FF as the lone byte 0xFF
            JadeException e = assertThrows(JadeException.class, () -> ManifestInspector.inspect(
                    new ByteArrayInputStream(bytes), 1000), where);
            assertEquals(422, com.datacoves.jade.http.ErrorResponses.status(e).getCode(), where);
            assertTrue(e.getMessage().startsWith("file is not valid UTF-8"), e.getMessage());
        }
        // valid multi-byte UTF-8 is fine
        String accents = "{\"metadata\":{\"dbt_schema_version\":\"https://schemas.getdbt.com/dbt/manifest/v12.json\","
                + "\"project_name\":\"caf\u00e9\"},\"nodes\":{\"m\u00f6del\":{\"description\":\"\u65e5\u672c \ud83d\ude00\"}}}";
        ManifestFacts accented = ManifestInspector.inspect(
                new ByteArrayInputStream(accents.getBytes(StandardCharsets.UTF_8)), 1000);
        assertEquals("caf\u00e9", accented.projectName());
        assertEquals(1, accented.nodeCount());
        String ok = "{\"metadata\":{\"dbt_schema_version\":\"https://schemas.getdbt.com/dbt/manifest/v12.json\"},"
                + "\"nodes\":{\"a\":{}}}";
        assertEquals(1, ManifestInspector.inspect(new ByteArrayInputStream(ok.getBytes(StandardCharsets.UTF_8)),
                1000).nodeCount());
        JadeException big = assertThrows(JadeException.class, () -> ManifestInspector.inspect(
                new ByteArrayInputStream(ok.getBytes(StandardCharsets.UTF_8)), 20));
        assertEquals(413, com.datacoves.jade.http.ErrorResponses.status(big).getCode());
    }

    @Test
    void generatedManifestsAreValidDeterministicAndSized() throws Exception {
        for (int models : new int[]{1, 2, 7, 120}) {
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            new ManifestGenerator(42).write(models, a);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            new ManifestGenerator(42).write(models, b);
            assertArrayEquals(a.toByteArray(), b.toByteArray());
            ManifestFacts facts = ManifestInspector.inspect(new ByteArrayInputStream(a.toByteArray()), Long.MAX_VALUE);
            assertEquals(12, facts.schemaVersion());
            assertEquals(ManifestGenerator.nodeCount(models), facts.nodeCount());
            assertEquals(ManifestGenerator.sourceCount(models), facts.sourceCount());
            Map<String, Object> tree = tree(a.toByteArray());
            for (String key : new String[]{"metadata", "nodes", "sources", "macros", "docs", "exposures", "metrics",
                    "groups", "selectors", "disabled", "parent_map", "child_map", "group_map", "saved_queries",
                    "semantic_models", "unit_tests"}) {
                assertTrue(tree.containsKey(key), key);
            }
            assertEquals(((Map<?, ?>) tree.get("parent_map")).keySet(), ((Map<?, ?>) tree.get("child_map")).keySet());
        }
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        new ManifestGenerator(43).write(7, other);
        ByteArrayOutputStream seven = new ByteArrayOutputStream();
        new ManifestGenerator(42).write(7, seven);
        assertTrue(!java.util.Arrays.equals(other.toByteArray(), seven.toByteArray()));

        ByteArrayOutputStream sized = new ByteArrayOutputStream();
        new ManifestGenerator(1).writeAbout(3_000_000, sized);
        assertTrue(Math.abs(sized.size() - 3_000_000) < 300_000, "size " + sized.size());
        ManifestInspector.inspect(new ByteArrayInputStream(sized.toByteArray()), Long.MAX_VALUE);
    }
}
