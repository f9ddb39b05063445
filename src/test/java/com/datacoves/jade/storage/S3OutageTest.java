package com.datacoves.jade.storage;

import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A fault test: Jade on the S3 adapter in front of a real S3-compatible server (S3Proxy, behind a TCP relay).
 * The server becomes unreachable in the middle of an upload through the HTTP API → 503, no database row; once it is
 * back, uploads work again without restarting Jade.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3OutageTest extends JadeTest {

    private RelayedS3Proxy store;
    private TcpRelay relay;

    @Override
    protected Map<String, String> extraProperties() {
        try {
            store = new RelayedS3Proxy();
            relay = store.relay();
            return store.properties("jade-outage");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopServers() throws IOException {
        store.close();
    }

    private HttpResponse<?> upload(String tag, File file) {
        MultipartBody body = MultipartBody.builder().addPart("tag", tag)
                .addPart("file", "data.bin", MediaType.APPLICATION_OCTET_STREAM_TYPE, file).build();
        MutableHttpRequest<?> request = HttpRequest.POST("/api/v2/datacoves/environments/dev123/files", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).header("Authorization", tokenHeader(1));
        try {
            return http.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            return e.getResponse();
        }
    }

    private int find(String tag) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET("/api/v2/datacoves/environments/dev123/files?tag=" + tag)
                    .header("Authorization", tokenHeader(1))).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    private static File sparseFile(long bytes) throws IOException {
        File f = Files.createTempFile("jade-outage", ".bin").toFile();
        f.deleteOnExit();
        try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
            raf.setLength(bytes);
        }
        return f;
    }

    @Test
    void anOutageDuringAnUploadIsA503LeavingNothingAndUploadsRecover() throws Exception {
        File small = sparseFile(1024);
        assertEquals(201, upload("before", small).code());

        File big = sparseFile(300L * 1024 * 1024);
        relay.stopAfter(8L * 1024 * 1024); // the store goes away once 8 MiB of the upload reached it
        HttpResponse<?> failed = upload("during", big);
        assertEquals(503, failed.code(), "the store went away mid-upload");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) failed.getBody(Map.class).orElseThrow();
        assertEquals(1, body.size(), "Datacoves error shape: " + body);
        assertEquals(404, find("during"), "no row for the failed upload");

        assertEquals(503, upload("while-down", small).code());
        assertEquals(404, find("while-down"));

        relay.start();
        assertEquals(201, upload("after", small).code(), "uploads work again without restarting Jade");
        assertEquals(200, find("after"));
        assertEquals(200, find("before"));
    }
}
