package com.datacoves.jade.deployments;

import com.datacoves.jade.support.JadeTest;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployments routes through real HTTP, against the fabric8 mock API server (CRUD) and a WireMock Airflow. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentsTest extends JadeTest {

    static final String SECRET = "s3cret-key";
    static final String NS = "dbt-server";
    static KubernetesMockServer server;
    static KubernetesClient client;
    static WireMockServer airflow;

    @Override
    protected Map<String, String> extraProperties() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
        airflow = new WireMockServer(options().dynamicPort());
        airflow.start();
        airflow.stubFor(post(urlEqualTo("/api/v1/connections")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        airflow.stubFor(post(urlEqualTo("/api/v1/connections")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.connection_id", equalTo("failing")))
                .willReturn(aResponse().withStatus(500).withBody("{\"detail\":\"database is down\"}")));
        airflow.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(urlMatching("/api/v1/connections/.*"))
                .willReturn(aResponse().withStatus(404)));
        airflow.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/dbt/dbt-server-analytics-feature-new-thing/health"))
                .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")));
        Map<String, String> p = new HashMap<>();
        p.put("micronaut.server.port", "-1");
        p.put("jade.deployments.secret-key", SECRET);
        p.put("jade.deployments.kubernetes.master-url", client.getMasterUrl().toString());
        p.put("jade.deployments.airflow.url", airflow.baseUrl());
        p.put("jade.deployments.airflow.user", "admin");
        p.put("jade.deployments.airflow.password", "pw");
        p.put("jade.deployments.server-url-template", airflow.baseUrl() + "/dbt/<service>");
        p.put("jade.deployments.health-interval", "1s");
        p.put("jade.deployments.health-initial-delay", "1s");
        return p;
    }

    @AfterAll
    void stopServers() {
        client.close();
        server.destroy();
        airflow.stop();
    }

    private <T> MutableHttpRequest<T> auth(MutableHttpRequest<T> request) {
        return request.bearerAuth(SECRET);
    }

    private HttpClientResponseException error(HttpRequest<?> request) {
        return assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(request, Map.class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errors(HttpClientResponseException e) {
        return (Map<String, Object>) e.getResponse().getBody(Map.class).orElseThrow().get("errors");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> create(Map<String, Object> body) {
        HttpResponse<Map> r = http.toBlocking().exchange(auth(HttpRequest.POST("/api/v1/deployments", body)), Map.class);
        assertEquals(201, r.code());
        return r.body();
    }

    @Test
    void authIsRequired() {
        HttpClientResponseException none = error(HttpRequest.GET("/api/v1/deployments"));
        assertEquals(401, none.getStatus().getCode());
        assertNotNull(errors(none).get("message"));
        assertEquals(401, error(HttpRequest.GET("/api/v1/deployments").bearerAuth("wrong")).getStatus().getCode());
        assertEquals(401, error(HttpRequest.GET("/api/v1/deployments/x").header("Authorization", "Token " + SECRET))
                .getStatus().getCode());
        assertEquals(401, error(HttpRequest.DELETE("/api/v1/deployments/x")).getStatus().getCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void createGetListDelete() throws Exception {
        Map<String, Object> created = create(Map.of("project_name", "Analytics", "git_branch", "feature/New-Thing",
                "env", Map.of("DBT_PROFILE", "prod"), "resources", Map.of("requests", Map.of("cpu", "250m"),
                        "limits", Map.of("memory", "3Gi"))));
        String name = "dbt-server-analytics-feature-new-thing";
        assertEquals(name, created.get("name"));
        assertEquals("analytics_feature_new_thing", created.get("airflow_connection_id"));
        assertEquals("feature/New-Thing", created.get("git_branch"));

        StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName(name).get();
        assertEquals(1, sts.getSpec().getReplicas());
        assertEquals("jade", sts.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals(name, sts.getMetadata().getLabels().get("app.kubernetes.io/instance"));
        assertEquals("dbt-server", sts.getMetadata().getLabels().get("app.kubernetes.io/name"));
        assertEquals("Analytics", sts.getMetadata().getAnnotations().get("jade.datacoves.com/project-name"));
        var container = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("datacoves/dbt-api-server:latest", container.getImage());
        assertEquals(new Quantity("250m"), container.getResources().getRequests().get("cpu"));
        assertEquals(new Quantity("3Gi"), container.getResources().getLimits().get("memory"));
        assertTrue(container.getEnv().stream().anyMatch(e -> e.getName().equals("DBT_PROFILE")));
        assertEquals(new Quantity("1Gi"), sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
                .getRequests().get("storage"));
        Service svc = client.services().inNamespace(NS).withName(name).get();
        assertEquals("ClusterIP", svc.getSpec().getType());
        assertEquals(8580, svc.getSpec().getPorts().get(0).getPort());
        airflow.verify(postRequestedFor(urlEqualTo("/api/v1/connections"))
                .withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials("admin", "pw"))
                .withRequestBody(equalToJson("{\"connection_id\":\"analytics_feature_new_thing\",\"conn_type\":\"http\","
                        + "\"host\":\"" + name + ".dbt-server.svc.cluster.local\",\"port\":8580}", true, true)));

        HttpClientResponseException again = error(auth(HttpRequest.POST("/api/v1/deployments",
                Map.of("project_name", "Analytics", "git_branch", "feature/New-Thing"))));
        assertEquals(409, again.getStatus().getCode());

        List<Map> list = http.toBlocking().retrieve(auth(HttpRequest.GET("/api/v1/deployments")),
                Argument.listOf(Map.class));
        assertTrue(list.stream().anyMatch(d -> name.equals(d.get("name"))));

        Map<String, Object> one = http.toBlocking().retrieve(auth(HttpRequest.GET("/api/v1/deployments/" + name)), Map.class);
        Map<String, Object> status = (Map<String, Object>) one.get("status");
        assertEquals("healthy", status.get("server_health"));
        assertEquals(1, status.get("replicas"));
        long deadline = System.currentTimeMillis() + 15_000;
        while (status.get("last_check_at") == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(300);
            one = http.toBlocking().retrieve(auth(HttpRequest.GET("/api/v1/deployments/" + name)), Map.class);
            status = (Map<String, Object>) one.get("status");
        }
        assertNotNull(status.get("last_check_at"), "background check recorded");
        assertEquals("healthy", status.get("last_check_result"));

        // the CRUD mock does not create PVCs from volumeClaimTemplates: make the one Kubernetes would
        client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("dbt-project-" + name + "-0").withLabels(DeploymentManifests.labels(name))
                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").endSpec().build()).create();

        HttpResponse<?> deleted = http.toBlocking().exchange(auth(HttpRequest.DELETE("/api/v1/deployments/" + name)));
        assertEquals(204, deleted.code());
        assertNull(client.apps().statefulSets().inNamespace(NS).withName(name).get());
        assertNull(client.services().inNamespace(NS).withName(name).get());
        assertTrue(client.persistentVolumeClaims().inNamespace(NS).list().getItems().isEmpty());
        airflow.verify(deleteRequestedFor(urlEqualTo("/api/v1/connections/analytics_feature_new_thing")));
        assertEquals(204, http.toBlocking().exchange(auth(HttpRequest.DELETE("/api/v1/deployments/" + name))).code());
        assertEquals(404, error(auth(HttpRequest.GET("/api/v1/deployments/" + name))).getStatus().getCode());
    }

    @Test
    void longAndOddNamesAndCollisions() {
        Map<String, Object> odd = create(Map.of("project_name", "--My__Proj!!"));
        assertEquals("dbt-server-my-proj", odd.get("name"));
        String longProject = "x".repeat(80);
        Map<String, Object> longOne = create(Map.of("project_name", longProject, "git_branch", "main"));
        String longName = (String) longOne.get("name");
        assertTrue(longName.length() <= 61 && longName.matches("[a-z0-9-]+-[0-9a-f]{8}"), longName);
        assertNotNull(client.apps().statefulSets().inNamespace(NS).withName(longName).get());

        HttpClientResponseException clash = error(auth(HttpRequest.POST("/api/v1/deployments",
                Map.of("project_name", "my.proj"))));
        assertEquals(409, clash.getStatus().getCode());
        String message = (String) errors(clash).get("message");
        assertTrue(message.contains("--My__Proj!!") && message.contains("dbt-server-my-proj"), message);
        assertEquals("--My__Proj!!", client.apps().statefulSets().inNamespace(NS).withName("dbt-server-my-proj").get()
                .getMetadata().getAnnotations().get("jade.datacoves.com/project-name"));
    }

    @Test
    void airflowFailureRollsBack() {
        HttpClientResponseException e = error(auth(HttpRequest.POST("/api/v1/deployments",
                Map.of("project_name", "failing"))));
        assertEquals(502, e.getStatus().getCode());
        String message = (String) errors(e).get("message");
        assertTrue(message.contains("create Airflow connection") && message.contains("500"), message);
        assertTrue(message.contains("rolled back"), message);
        assertNull(client.apps().statefulSets().inNamespace(NS).withName("dbt-server-failing").get());
        assertNull(client.services().inNamespace(NS).withName("dbt-server-failing").get());
    }

    @Test
    void kubernetesFailureRollsBack() throws Exception {
        server.expect().post().withPath("/api/v1/namespaces/" + NS + "/services")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"message\":\"quota exceeded\",\"reason\":\"Forbidden\",\"code\":403}").once();
        HttpClientResponseException e;
        try {
            e = error(auth(HttpRequest.POST("/api/v1/deployments", Map.of("project_name", "k8s-broken"))));
        } catch (AssertionError ae) {
            throw new AssertionError("last request " + server.getLastRequest().getMethod() + " "
                    + server.getLastRequest().getPath(), ae);
        }
        assertEquals(502, e.getStatus().getCode());
        String message = (String) errors(e).get("message");
        assertTrue(message.contains("create Service") && message.contains("quota exceeded"), message);
        assertNull(client.apps().statefulSets().inNamespace(NS).withName("dbt-server-k8s-broken").get());
        airflow.verify(0, postRequestedFor(urlEqualTo("/api/v1/connections"))
                .withRequestBody(matchingJsonPath("$.connection_id", equalTo("k8s_broken"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void invalidInputIs422WithFields() {
        HttpClientResponseException e = error(auth(HttpRequest.POST("/api/v1/deployments",
                Map.of("git_branch", 5, "env", Map.of("1BAD", "x"), "resources", Map.of("requests", Map.of("cpu", "lots"))))));
        assertEquals(422, e.getStatus().getCode());
        Map<String, Object> fields = (Map<String, Object>) errors(e).get("fields");
        assertTrue(fields.containsKey("project_name"), fields.toString());
        assertTrue(fields.containsKey("git_branch"), fields.toString());
        assertTrue(fields.containsKey("env.1BAD"), fields.toString());
        assertTrue(fields.containsKey("resources.requests.cpu"), fields.toString());
    }

    @Test
    void docsAndOpenApiAreServed() {
        String doc = http.toBlocking().retrieve("/openapi.json");
        assertTrue(doc.contains("\"openapi\""));
        assertTrue(doc.contains("/api/v1/deployments"), "deployments routes documented");
        assertTrue(http.toBlocking().retrieve("/docs").contains("swagger"));
    }
}
