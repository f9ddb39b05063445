package com.datacoves.jade.hardening;

import com.datacoves.jade.manifests.ManifestInspector;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A manifest holding one string longer than {@link ManifestInspector#MAX_STRING_CHARS} inside {@code nodes} is refused
 * at upload (422), so that the trimmed download — which copies nodes value by value — never has to hold it; one just
 * under the bound is accepted and downloads trimmed.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HugeStringManifestTest extends JadeTest {

    private static byte[] manifest(int stringChars) {
        char[] big = new char[stringChars];
        Arrays.fill(big, 'x');
        return ("{\"metadata\":{\"dbt_schema_version\":\"https://schemas.getdbt.com/dbt/manifest/v12.json\","
                + "\"dbt_version\":\"1.9.0\"},\"nodes\":{\"model.p.huge\":{\"raw_code\":\"" + new String(big)
                + "\"}},\"sources\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    private int upload(byte[] file) {
        MultipartBody body = MultipartBody.builder().addPart("environment_slug", "dev123")
                .addPart("file", "manifest.json", MediaType.APPLICATION_JSON_TYPE, file).build();
        try {
            return http.toBlocking().exchange(HttpRequest.POST("/api/v2/datacoves/manifests", body)
                    .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).header("Authorization", tokenHeader(1))).code();
        } catch (HttpClientResponseException e) {
            assertTrue(e.getResponse().getBody(String.class).orElse("").contains("longer than"),
                    e.getResponse().getBody(String.class).orElse(""));
            return e.code();
        }
    }

    @Test
    void aStringOverTheBoundIsRefusedAndOneUnderItIsServed() {
        assertEquals(422, upload(manifest(ManifestInspector.MAX_STRING_CHARS + 1)));
        assertEquals(201, upload(manifest(1_000_000)));
        HttpResponse<String> trimmed = http.toBlocking().exchange(HttpRequest.GET(
                "/api/v2/datacoves/manifests?environment_slug=dev123").header("Authorization", tokenHeader(1)),
                String.class);
        assertEquals(200, trimmed.code());
        assertTrue(trimmed.body().contains("\"model.p.huge\""));
        assertEquals(-1, trimmed.body().indexOf("\"sources\""), "trimmed to metadata and nodes");
    }
}
