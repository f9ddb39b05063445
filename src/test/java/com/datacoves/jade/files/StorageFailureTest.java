package com.datacoves.jade.files;

import com.datacoves.jade.demo.ManifestGenerator;
import com.datacoves.jade.manifests.ManifestRepository;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.support.FailingStorage;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failing object store is a 503 and leaves no rows and no objects (files all-or-nothing, manifests). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageFailureTest extends JadeTest {

    @Inject
    ObjectStorage storage;
    @Inject
    FileRepository files;
    @Inject
    ManifestRepository manifests;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.test.failing-storage", "true");
    }

    int status(MultipartBody body, String uri) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                .exchange(HttpRequest.POST(uri, body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE)
                        .header("Authorization", tokenHeader(1))));
        assertTrue(e.getResponse().getBody(Map.class).orElseThrow().containsKey("errors"));
        return e.getStatus().getCode();
    }

    @Test
    void multiUploadWithAFailingWriteLeavesNothing() {
        assertTrue(storage instanceof FailingStorage);
        MultipartBody body = MultipartBody.builder()
                .addPart("files[0][tag]", "ok-one")
                .addPart("files[0][file]", "a.json", MediaType.APPLICATION_JSON_TYPE, "{\"a\":1}".getBytes())
                .addPart("files[1][tag]", "two")
                .addPart("files[1][file]", "fail-me.json", MediaType.APPLICATION_JSON_TYPE, "{\"b\":2}".getBytes())
                .addPart("files[2][tag]", "ok-two")
                .addPart("files[2][file]", "c.json", MediaType.APPLICATION_JSON_TYPE, "{\"c\":3}".getBytes())
                .build();
        assertEquals(503, status(body, "/api/internal/environments/dev123/files"));
        assertEquals(List.of(), files.findAllInEnvironment("dev123"));
        assertEquals(List.of(), storage.list("environments/"));
    }

    @Test
    void manifestWithAFailingWriteLeavesNothing() throws Exception {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        new ManifestGenerator(2).write(5, m);
        FailingStorage.failAll = true;
        try {
            MultipartBody body = MultipartBody.builder().addPart("environment_slug", "dev123")
                    .addPart("file", "manifest.json", MediaType.APPLICATION_JSON_TYPE, m.toByteArray()).build();
            assertEquals(503, status(body, "/api/v2/datacoves/manifests"));
        } finally {
            FailingStorage.failAll = false;
        }
        assertEquals(List.of(), manifests.findAllInEnvironment(1));
        assertEquals(List.of(), storage.list("accounts/"));
    }
}
