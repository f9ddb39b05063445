package com.datacoves.jade.runs;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * TEST ONLY: a WireMock stand-in for Airflow's stable REST API (v1) answering as Airflow's OpenAPI spec documents:
 * {@code POST /dags/{id}/dagRuns} → 200 DAGRun, {@code PATCH /dags/{id}/dagRuns/{run}} → 200 DAGRun,
 * {@code POST /dags/{id}/clearTaskInstances} → 200 TaskInstanceReferenceCollection; a trigger whose note is
 * {@code fail please} → 400 problem JSON. It requires HTTP Basic {@code jade:secret} (else 401 problem JSON).
 */
final class AirflowApiStub implements AutoCloseable {

    static final String BASIC = "Basic amFkZTpzZWNyZXQ=";
    private static final String JSON = "application/json";

    final WireMockServer server = new WireMockServer(options().dynamicPort());
    /** A port nothing listens on: an Airflow that is down. */
    final int closedPort = freePort();

    AirflowApiStub() {
        server.start();
        server.stubFor(any(anyUrl()).atPriority(9).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"detail\":null,\"status\":401,\"title\":\"Unauthorized\",\"type\":\"https://airflow."
                        + "apache.org/docs/apache-airflow/2.8.1/stable-rest-api-ref.html#section/Errors/Unauthenticated\"}")));
        server.stubFor(post(urlPathMatching("/api/v1/dags/[^/]+/dagRuns")).atPriority(5)
                .withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody("""
                        {"conf":{},"dag_id":"stub","dag_run_id":"stub","data_interval_end":null,
                         "data_interval_start":null,"end_date":null,"execution_date":"2026-11-23T00:00:00+00:00",
                         "external_trigger":true,"last_scheduling_decision":null,
                         "logical_date":"2026-11-23T00:00:00+00:00","note":null,"run_type":"manual",
                         "start_date":null,"state":"queued"}""")));
        server.stubFor(post(urlPathMatching("/api/v1/dags/[^/]+/dagRuns")).atPriority(1)
                .withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(matchingJsonPath("$.note", equalTo("fail please")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"detail\":\"Property is read-only - 'state'\",\"status\":400,"
                                + "\"title\":\"Bad Request\",\"type\":\"about:blank\"}")));
        server.stubFor(patch(urlPathMatching("/api/v1/dags/[^/]+/dagRuns/[^/]+")).atPriority(5)
                .withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                        .withBody("{\"dag_id\":\"stub\",\"dag_run_id\":\"stub\",\"state\":\"failed\"}")));
        server.stubFor(post(urlPathMatching("/api/v1/dags/[^/]+/clearTaskInstances")).atPriority(5)
                .withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                        .withBody("{\"task_instances\":[{\"dag_id\":\"stub\",\"dag_run_id\":\"stub\","
                                + "\"execution_date\":\"2026-11-23T00:00:00+00:00\",\"task_id\":\"dbt_build\"}]}")));
    }

    /** Properties pointing dev123 at the stub and prd456 at a closed port. */
    Map<String, String> properties() {
        return Map.of(
                "jade.airflow-api.environments.dev123.url", server.baseUrl() + "/api/v1",
                "jade.airflow-api.environments.dev123.username", "jade",
                "jade.airflow-api.environments.dev123.password", "secret",
                "jade.airflow-api.environments.prd456.url", "http://127.0.0.1:" + closedPort + "/api/v1",
                "jade.airflow-api.environments.prd456.username", "jade",
                "jade.airflow-api.environments.prd456.password", "secret");
    }

    /** Every request the stub received whose method and path (regex) match, oldest first. */
    List<LoggedRequest> received(String method, String pathRegex) {
        return server.findAll(anyRequestedFor(urlPathMatching(pathRegex))).stream()
                .filter(r -> r.getMethod().getName().equals(method)).toList();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
