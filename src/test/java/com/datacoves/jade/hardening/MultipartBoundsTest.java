package com.datacoves.jade.hardening;

import com.datacoves.jade.files.FileRepository;
import com.datacoves.jade.http.UploadSettings;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A form of many or large plain fields is refused once it passes the form's bounds (docs/datacoves-api.md: 400 past
 * 1,000 parts, 422 past 64 KiB for a field or 1 MiB for all fields), on both upload routes, and leaves nothing stored:
 * memory held for fields stays bounded whatever the body size.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultipartBoundsTest extends JadeTest {

    @Inject
    FileRepository files;
    @Inject
    ObjectStorage storage;
    @Inject
    UploadSettings limits;

    private String refused(String uri, MultipartBody body) {
        return refused(422, uri, body);
    }

    private String refused(int status, String uri, MultipartBody body) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                .exchange(HttpRequest.POST(uri, body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE)
                        .header("Authorization", tokenHeader(1)), String.class));
        String message = e.getResponse().getBody(String.class).orElseThrow();
        assertEquals(status, e.getStatus().getCode(), uri + " " + message);
        assertTrue(message.contains("\"errors\""), message);
        return message;
    }

    /** A file first (stored as it arrives), then too many fields. */
    private static MultipartBody.Builder fileThenFields() {
        return MultipartBody.builder().addPart("file", "a.json", MediaType.APPLICATION_JSON_TYPE, "{}".getBytes())
                .addPart("tag", "bounded");
    }

    @Test
    void tooManyPartsOnTheFilesRoute() {
        MultipartBody.Builder b = fileThenFields();
        for (int i = 0; i < limits.maxParts(); i++) {
            b.addPart("f" + i, "x");
        }
        String message = refused(400, "/api/v2/datacoves/environments/dev123/files", b.build());
        assertTrue(message.contains("too many keys"), message);
        assertEquals(List.of(), files.findAllInEnvironment("dev123"));
        assertEquals(List.of(), storage.list("environments/dev123/files/"));
    }

    @Test
    void fieldsOverTheirTotalOnBothRoutes() {
        String big = "y".repeat(limits.maxFieldBytes());
        int count = limits.maxFieldsBytes() / limits.maxFieldBytes() + 1;
        MultipartBody.Builder files = fileThenFields();
        MultipartBody.Builder manifest = MultipartBody.builder().addPart("environment_slug", "dev123");
        for (int i = 0; i < count; i++) {
            files.addPart("big" + i, big);
            manifest.addPart("big" + i, big);
        }
        String message = refused("/api/internal/environments/dev123/files", files.build());
        assertTrue(message.contains("more than " + limits.maxFieldsBytes() + " bytes"), message);
        message = refused("/api/v2/datacoves/manifests", manifest.build());
        assertTrue(message.contains("more than " + limits.maxFieldsBytes() + " bytes"), message);
        assertEquals(List.of(), this.files.findAllInEnvironment("dev123"));
        assertEquals(List.of(), storage.list("environments/dev123/"));
    }

    @Test
    void oneFieldOverItsLimit() {
        MultipartBody body = MultipartBody.builder().addPart("tag", "z".repeat(limits.maxFieldBytes() + 1))
                .addPart("file", "a.json", MediaType.APPLICATION_JSON_TYPE, "{}".getBytes()).build();
        String message = refused("/api/internal/environments/dev123/files", body);
        assertTrue(message.contains("tag is longer than " + limits.maxFieldBytes() + " bytes"), message);
    }
}
