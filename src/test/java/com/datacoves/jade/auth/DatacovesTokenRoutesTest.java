package com.datacoves.jade.auth;

import com.datacoves.jade.support.DatacovesVerifyStub;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Datacoves-issued tokens through the running server, checked against a real HTTP server that answers as Datacoves'
 * token check does: the token's scope holds on the Datacoves routes (uploads) and on the dbt Cloud routes (lists),
 * unknown tokens are 401 and an unreachable or failing Datacoves is 503.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatacovesTokenRoutesTest extends JadeTest {

    private static final DatacovesVerifyStub DATACOVES = start();

    /** Account 1, environment dev123 (id 1) only, as Datacoves lists a user with write access there. */
    private static final String DEV_ONLY = """
            {"email":"airflow@example.com","name":"Airflow","permissions":["acme:dev123|workbench:airflow|write"],
             "account_ids":[1],"accounts":["acme"],"project_ids":[],"projects":[],
             "environment_ids":[1],"environments":["dev123"]}""";

    @Inject
    JsonMapper json;

    private static DatacovesVerifyStub start() {
        try {
            return new DatacovesVerifyStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.datacoves.verify-url", DATACOVES.url(), "jade.datacoves.request-timeout", "1s");
    }

    @AfterAll
    void stop() {
        DATACOVES.close();
    }

    HttpResponse<byte[]> call(MutableHttpRequest<?> request, String token) {
        request.header("Authorization", "Token " + token);
        return exchange(request);
    }

    HttpResponse<byte[]> upload(String environment, String token) {
        MultipartBody body = MultipartBody.builder()
                .addPart("file", "notes.txt", MediaType.TEXT_PLAIN_TYPE, "hello".getBytes(StandardCharsets.UTF_8))
                .addPart("tag", "datacoves-token").build();
        return call(HttpRequest.POST("/api/v2/datacoves/environments/" + environment + "/files", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE), token);
    }

    Map<?, ?> body(HttpResponse<byte[]> r) throws IOException {
        return json.readValue(r.getBody(byte[].class).orElseThrow(), Map.class);
    }

    @Test
    void uploadsReachOnlyTheEnvironmentsDatacovesLists() throws IOException {
        DATACOVES.token("dc-upload", DEV_ONLY);
        assertEquals(201, upload("dev123", "dc-upload").code());
        HttpResponse<byte[]> other = upload("prd456", "dc-upload");
        assertEquals(403, other.code());
        assertEquals(AccessGuard.NO_ENVIRONMENT, ((Map<?, ?>) body(other).get("errors")).get("message"));
        assertEquals(403, upload("glx001", "dc-upload").code());
    }

    @Test
    void dbtCloudListsShowOnlyTheListedEnvironments() throws IOException {
        DATACOVES.token("dc-lists", DEV_ONLY);
        HttpResponse<byte[]> envs = call(HttpRequest.GET("/api/v2/accounts/1/environments/"), "dc-lists");
        assertEquals(200, envs.code());
        assertEquals(List.of(1), ((List<?>) body(envs).get("data")).stream().map(e -> ((Map<?, ?>) e).get("id"))
                .toList());
        HttpResponse<byte[]> jobs = call(HttpRequest.GET("/api/v2/accounts/1/jobs/?limit=100"), "dc-lists");
        assertEquals(200, jobs.code());
        Set<Object> jobEnvironments = ((List<?>) body(jobs).get("data")).stream()
                .map(j -> ((Map<?, ?>) j).get("environment_id")).collect(Collectors.toSet());
        assertEquals(Set.of(1), jobEnvironments);
        HttpResponse<byte[]> runs = call(HttpRequest.GET("/api/v2/accounts/1/runs/?limit=100"), "dc-lists");
        Set<Object> runEnvironments = ((List<?>) body(runs).get("data")).stream()
                .map(r -> ((Map<?, ?>) r).get("environment_id")).collect(Collectors.toSet());
        assertEquals(Set.of(1), runEnvironments);
        assertEquals(403, call(HttpRequest.GET("/api/v2/accounts/2/runs/"), "dc-lists").code());
    }

    @Test
    void datacovesTokensNeverStartRuns() throws IOException {
        DATACOVES.token("dc-trigger", DEV_ONLY);
        HttpResponse<byte[]> jobs = call(HttpRequest.GET("/api/v2/accounts/1/jobs/?limit=1"), "dc-trigger");
        Object jobId = ((Map<?, ?>) ((List<?>) body(jobs).get("data")).get(0)).get("id");
        HttpResponse<byte[]> trigger = call(HttpRequest.POST("/api/v2/accounts/1/jobs/" + jobId + "/run/",
                Map.of("cause", "test")), "dc-trigger");
        assertEquals(403, trigger.code());
    }

    @Test
    void unknownTokenIs401AndAFailingDatacovesIs503() {
        assertEquals(401, upload("dev123", "dc-unknown").code());
        DATACOVES.token("dc-during-outage", DEV_ONLY);
        DATACOVES.mode(DatacovesVerifyStub.Mode.ERROR_500);
        try {
            HttpResponse<byte[]> failing = upload("dev123", "dc-during-outage");
            assertEquals(503, failing.code());
            DATACOVES.mode(DatacovesVerifyStub.Mode.SLOW);
            assertEquals(503, upload("dev123", "dc-during-outage").code());
        } finally {
            DATACOVES.mode(DatacovesVerifyStub.Mode.NORMAL);
        }
        // a failure is not remembered: the same token works as soon as Datacoves answers again
        assertEquals(201, upload("dev123", "dc-during-outage").code());
    }
}
