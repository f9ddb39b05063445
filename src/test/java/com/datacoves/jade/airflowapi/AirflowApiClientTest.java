package com.datacoves.jade.airflowapi;

import com.datacoves.jade.common.UpstreamFailedException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jade's Airflow REST client against a real HTTP server answering as Airflow 2's stable API ({@code /api/v1}, Basic
 * or bearer) and Airflow 3's API server ({@code /api/v2}, a JWT from {@code POST /auth/token}, {@code logical_date}
 * required in a trigger) answer.
 */
class AirflowApiClientTest {

    private static final String JSON = "application/json";

    private WireMockServer airflow;
    private AirflowApiClient client;

    @BeforeEach
    void start() {
        airflow = new WireMockServer(options().dynamicPort());
        airflow.start();
        airflow.stubFor(any(anyUrl()).atPriority(9).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", JSON).withBody("{\"detail\":\"Not authenticated\"}")));
        client = new AirflowApiClient(JsonMapper.createDefault(), Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        airflow.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + airflow.port() + path;
    }

    /** What the server received, in the order it arrived. */
    private List<LoggedRequest> requests() {
        return airflow.findAll(anyRequestedFor(anyUrl())).stream()
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    @Test
    void airflow2UsesApiV1AndBasicCredentials() {
        airflow.stubFor(post(urlPathEqualTo("/api/v1/dags/daily/dagRuns")).atPriority(1)
                .withHeader("Authorization", equalTo("Basic amFkZTpzZWNyZXQ="))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                        .withBody("{\"dag_run_id\":\"r1\",\"state\":\"queued\"}")));
        AirflowApiTarget target = AirflowApiTarget.of("dev123", url("/api/v1/"), null, "jade", "secret");
        Map<String, Object> run = client.triggerDagRun(target, "daily", "r1", Map.of("k", 1), "from a test");
        assertEquals("queued", run.get("state"));
        LoggedRequest sent = requests().get(0);
        assertEquals("{\"dag_run_id\":\"r1\",\"conf\":{\"k\":1},\"note\":\"from a test\"}", sent.getBodyAsString());
    }

    @Test
    void airflow3GetsATokenThenUsesApiV2() {
        airflow.stubFor(post(urlPathEqualTo("/auth/token")).atPriority(1)
                .withRequestBody(equalToJson("{\"username\":\"jade\",\"password\":\"secret\"}"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", JSON)
                        .withBody("{\"access_token\":\"jwt-1\"}")));
        airflow.stubFor(post(urlPathEqualTo("/api/v2/dags/daily/dagRuns")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer jwt-1"))
                .withRequestBody(equalToJson("{\"dag_run_id\":\"r1\",\"logical_date\":null,\"conf\":{},"
                        + "\"note\":\"n\"}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                        .withBody("{\"dag_run_id\":\"r1\",\"state\":\"queued\",\"logical_date\":null}")));
        airflow.stubFor(patch(urlPathEqualTo("/api/v2/dags/daily/dagRuns/r1")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer jwt-1"))
                .withRequestBody(equalToJson("{\"state\":\"failed\"}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                        .withBody("{\"dag_run_id\":\"r1\",\"state\":\"failed\"}")));
        airflow.stubFor(post(urlPathEqualTo("/api/v2/dags/daily/clearTaskInstances")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer jwt-1"))
                .withRequestBody(equalToJson("{\"dag_run_id\":\"r1\",\"only_failed\":true,\"dry_run\":false,"
                        + "\"reset_dag_runs\":true}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                        .withBody("{\"task_instances\":[],\"total_entries\":0}")));

        AirflowApiTarget target = AirflowApiTarget.of("prd456", url("/api/v1"), null, "jade", "secret").forAirflow3();
        assertEquals(url("/api/v2"), target.baseUrl());
        assertEquals("queued", client.triggerDagRun(target, "daily", "r1", Map.of(), "n").get("state"));
        assertEquals("failed", client.setDagRunState(target, "daily", "r1", "failed").get("state"));
        assertEquals(0, ((Number) client.clearFailedTasks(target, "daily", "r1").get("total_entries")).intValue());
        assertEquals(List.of("/auth/token", "/api/v2/dags/daily/dagRuns", "/auth/token",
                        "/api/v2/dags/daily/dagRuns/r1", "/auth/token", "/api/v2/dags/daily/clearTaskInstances"),
                requests().stream().map(LoggedRequest::getUrl).toList());
    }

    @Test
    void airflow3WithATokenSendsItAsIs() {
        airflow.stubFor(patch(urlPathEqualTo("/api/v2/dags/daily/dagRuns/r1")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer service-token"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                        .withBody("{\"state\":\"failed\"}")));
        AirflowApiTarget target = AirflowApiTarget.of("prd456", url("/api/v1"), "service-token", "jade", "x")
                .forAirflow3();
        assertEquals("failed", client.setDagRunState(target, "daily", "r1", "failed").get("state"));
        assertEquals(1, requests().size());
    }

    @Test
    void airflow3RefusingTheCredentialsIsAClearUpstreamFailure() {
        AirflowApiTarget target = AirflowApiTarget.of("prd456", url("/api/v1"), null, "jade", "wrong").forAirflow3();
        UpstreamFailedException e = assertThrows(UpstreamFailedException.class,
                () -> client.setDagRunState(target, "daily", "r1", "failed"));
        assertTrue(e.getMessage().contains("Airflow API of environment prd456 answered 401: Not authenticated"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("wrong"), "no secret in the message");
    }
}
