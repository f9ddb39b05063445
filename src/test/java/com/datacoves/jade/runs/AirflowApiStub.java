package com.datacoves.jade.runs;

import com.datacoves.jade.demo.DemoAirflow;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * TEST ONLY: a WireMock stand-in for Airflow's REST API, answering as each version's OpenAPI spec documents.
 *
 * <ul>
 *   <li>Airflow 2.10, the stable API {@code /api/v1}: HTTP Basic {@code jade:secret} required (else 401 problem
 *       JSON); errors are problem JSON ({@code detail}, {@code status}, {@code title}, {@code type}).</li>
 *   <li>Airflow 3.0, {@code /api/v2} only: {@code POST /auth/token} with {@code {"username":"jade",
 *       "password":"secret"}} → 201 {@code {"access_token": <JWT>}}; the API requires {@code Bearer <JWT>} (else 401
 *       {@code {"detail":"Not authenticated"}}); errors are FastAPI's {@code {"detail": …}}, a list of
 *       {@code {type, loc, msg, input}} for a body that fails validation (422).</li>
 * </ul>
 * Both: {@code POST /dags/{id}/dagRuns} → 200 DAGRun, {@code PATCH /dags/{id}/dagRuns/{run}} → 200 DAGRun,
 * {@code POST /dags/{id}/clearTaskInstances} → 200 task instance collection; a trigger whose note is
 * {@code fail please} is refused ({@link #refusal()}).
 */
final class AirflowApiStub implements AutoCloseable {

    /** Airflow 2's Basic credentials for {@code jade:secret}. */
    static final String BASIC = "Basic amFkZTpzZWNyZXQ=";
    /** The JWT the Airflow 3 stub hands out. */
    static final String JWT = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqYWRlIn0.c2lnbmF0dXJl";
    private static final String JSON = "application/json";

    final WireMockServer server = new WireMockServer(options().dynamicPort());
    /** A port nothing listens on: an Airflow that is down. */
    final int closedPort = freePort();
    private final boolean airflow3;

    AirflowApiStub(DemoAirflow version) {
        this.airflow3 = version == DemoAirflow.V3_0;
        server.start();
        String api = api();
        String auth = authorization();
        if (airflow3) {
            server.stubFor(any(anyUrl()).atPriority(9).willReturn(aResponse().withStatus(401)
                    .withHeader("Content-Type", JSON).withBody("{\"detail\":\"Not authenticated\"}")));
            server.stubFor(post(urlPathEqualTo("/auth/token")).atPriority(9).willReturn(aResponse().withStatus(401)
                    .withHeader("Content-Type", JSON).withBody("{\"detail\":\"Invalid credentials\"}")));
            server.stubFor(post(urlPathEqualTo("/auth/token")).atPriority(1)
                    .withRequestBody(equalToJson("{\"username\":\"jade\",\"password\":\"secret\"}"))
                    .willReturn(aResponse().withStatus(201).withHeader("Content-Type", JSON)
                            .withBody("{\"access_token\":\"" + JWT + "\"}")));
        } else {
            server.stubFor(any(anyUrl()).atPriority(9).willReturn(aResponse().withStatus(401)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"detail\":null,\"status\":401,\"title\":\"Unauthorized\",\"type\":\"https://airflow."
                            + "apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/"
                            + "Unauthenticated\"}")));
        }
        server.stubFor(post(urlPathMatching(api + "/dags/[^/]+/dagRuns")).atPriority(5)
                .withHeader("Authorization", equalTo(auth))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(airflow3 ? """
                        {"dag_run_id":"stub","dag_id":"stub","logical_date":null,"queued_at":"2026-11-23T00:00:00Z",
                         "start_date":null,"end_date":null,"data_interval_start":null,"data_interval_end":null,
                         "run_after":"2026-11-23T00:00:00Z","last_scheduling_decision":null,"run_type":"manual",
                         "state":"queued","triggered_by":"rest_api","conf":{},"note":null,"dag_versions":[],
                         "bundle_version":null}""" : """
                        {"conf":{},"dag_id":"stub","dag_run_id":"stub","data_interval_end":null,
                         "data_interval_start":null,"end_date":null,"execution_date":"2026-11-23T00:00:00+00:00",
                         "external_trigger":true,"last_scheduling_decision":null,
                         "logical_date":"2026-11-23T00:00:00+00:00","note":null,"run_type":"manual",
                         "start_date":null,"state":"queued"}""")));
        server.stubFor(post(urlPathMatching(api + "/dags/[^/]+/dagRuns")).atPriority(1)
                .withHeader("Authorization", equalTo(auth))
                .withRequestBody(matchingJsonPath("$.note", equalTo("fail please")))
                .willReturn(airflow3
                        ? aResponse().withStatus(422).withHeader("Content-Type", JSON).withBody("""
                            {"detail":[{"type":"missing","loc":["body","logical_date"],"msg":"Field required",
                             "input":{"dag_run_id":"x","note":"fail please"}}]}""")
                        : aResponse().withStatus(400).withHeader("Content-Type", "application/problem+json")
                            .withBody("{\"detail\":\"Property is read-only - 'state'\",\"status\":400,"
                                    + "\"title\":\"Bad Request\",\"type\":\"about:blank\"}")));
        server.stubFor(patch(urlPathMatching(api + "/dags/[^/]+/dagRuns/[^/]+")).atPriority(5)
                .withHeader("Authorization", equalTo(auth))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                        .withBody("{\"dag_id\":\"stub\",\"dag_run_id\":\"stub\",\"state\":\"failed\"}")));
        server.stubFor(post(urlPathMatching(api + "/dags/[^/]+/clearTaskInstances")).atPriority(5)
                .withHeader("Authorization", equalTo(auth))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(airflow3
                        ? "{\"task_instances\":[{\"dag_id\":\"stub\",\"dag_run_id\":\"stub\",\"logical_date\":null,"
                        + "\"task_id\":\"dbt_build\",\"map_index\":-1}],\"total_entries\":1}"
                        : "{\"task_instances\":[{\"dag_id\":\"stub\",\"dag_run_id\":\"stub\","
                        + "\"execution_date\":\"2026-11-23T00:00:00+00:00\",\"task_id\":\"dbt_build\"}]}")));
    }

    /** The API's path prefix: {@code /api/v1} (Airflow 2) or {@code /api/v2} (Airflow 3). */
    String api() {
        return airflow3 ? "/api/v2" : "/api/v1";
    }

    /** The {@code Authorization} header the API accepts: Basic (Airflow 2) or the JWT as a bearer (Airflow 3). */
    String authorization() {
        return airflow3 ? "Bearer " + JWT : BASIC;
    }

    /** Words of the error message Airflow gives for a refused trigger (the note {@code fail please}). */
    String refusal() {
        return airflow3 ? "body.logical_date: Field required" : "Property is read-only";
    }

    /**
     * Properties pointing dev123 at the stub and prd456 at a closed port. Both are configured with {@code /api/v1}, as
     * for an Airflow 2 webserver: Jade moves to {@code /api/v2} itself when the environment's database is Airflow 3's.
     */
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
