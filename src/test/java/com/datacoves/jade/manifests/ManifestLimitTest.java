package com.datacoves.jade.manifests;

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

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A manifest above {@code jade.max-upload-bytes} is refused and leaves nothing. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestLimitTest extends JadeTest {

    @Inject
    ObjectStorage storage;
    @Inject
    ManifestRepository manifests;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.max-upload-bytes", "20000");
    }

    @Test
    void tooLargeIs413AndLeavesNothing() throws Exception {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        new ManifestGenerator(3).write(50, m);
        MultipartBody body = MultipartBody.builder().addPart("environment_slug", "dev123")
                .addPart("file", "manifest.json", MediaType.APPLICATION_JSON_TYPE, m.toByteArray()).build();
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                .exchange(HttpRequest.POST("/api/v2/datacoves/manifests", body)
                        .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).header("Authorization", tokenHeader(1))));
        assertEquals(413, e.getStatus().getCode());
        assertEquals(List.of(), manifests.findAllInEnvironment(1));
        assertEquals(List.of(), storage.list("accounts/"));
    }
}
