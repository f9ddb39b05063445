package com.datacoves.jade.ops;

import com.datacoves.jade.config.JadeVariable;
import com.datacoves.jade.support.JadeTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deploy/}: every manifest parses strictly into fabric8's model, the probes answer 200 on the running server,
 * every secret variable comes from the Secret, and every variable set is one Jade reads.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployManifestsTest extends JadeTest {

    /** Variables whose values are secrets: they must come from the Secret, never the ConfigMap. */
    static final Set<String> SECRETS = Set.of("DB_URL", "DB_PASS", "DATACOVES_DB_URL", "DATACOVES_DB_PASS", "FERNET_KEY",
            "INTERNAL_BEARER_TOKEN", "MINIO_SECRET_KEY", "S3_SECRET_ACCESS_KEY", "BLOB_STORAGE_ACCOUNT_KEY",
            "BLOB_STORAGE_ACCOUNT_CONNECTION_STRING", "SECRET_KEY", "AIRFLOW_PASSWORD");

    private final List<HasMetadata> resources = new ArrayList<>();

    @BeforeAll
    void parseAll() throws IOException {
        try (Stream<Path> files = Files.list(ProjectFiles.root().resolve("deploy"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : ProjectFiles.yamlDocuments("deploy/" + file.getFileName())) {
                    resources.add(StrictManifests.parse(doc));
                }
            }
        }
    }

    private <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = resources.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertEquals(1, found.size(), kind.getSimpleName());
        return found.get(0);
    }

    private Container container() {
        return one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void strictParsingRejectsUnknownFields() {
        Map<String, Object> typo = Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", "x"), "spec", Map.of("portz", List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrictManifests.parse(typo));
        assertTrue(e.getMessage().contains("portz"), e.getMessage());
        assertEquals(5, resources.size(), "ConfigMap, Secret, Deployment, Service, PodDisruptionBudget");
    }

    @Test
    void deploymentShape() {
        Deployment d = one(Deployment.class);
        assertEquals(3, d.getSpec().getReplicas());
        Container c = container();
        assertEquals(List.of("serve"), c.getArgs());
        assertNotNull(c.getResources().getRequests().get("memory"));
        assertNotNull(c.getResources().getLimits().get("memory"));
        assertEquals("/health/readiness", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/health/liveness", c.getLivenessProbe().getHttpGet().getPath());
        assertTrue(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
        assertEquals("4000", one(ConfigMap.class).getData().get("PORT"));
        assertEquals(4000, c.getPorts().get(0).getContainerPort());
        Service s = one(Service.class);
        assertEquals(c.getPorts().get(0).getName(), s.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(1, s.getSpec().getPorts().size(), "the management port is not exposed by the Service");
        assertEquals(d.getSpec().getSelector().getMatchLabels(), s.getSpec().getSelector());
    }

    @Test
    void probesAnswer200OnTheRunningServer() {
        Container c = container();
        for (Probe probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
            HTTPGetAction get = probe.getHttpGet();
            // the startup probe checks the API port; readiness and liveness the management port (health details),
            // which this test server shares with the API
            String port = get.getPath().startsWith("/health") ? "management" : "http";
            assertEquals(port, get.getPort().getStrVal(), get.getPath());
            int containerPort = c.getPorts().stream().filter(p -> p.getName().equals(port)).findFirst().orElseThrow()
                    .getContainerPort();
            assertEquals(port.equals("http") ? 4000 : 9090, containerPort);
            assertEquals(200, http.toBlocking().exchange(HttpRequest.GET(get.getPath()), String.class).code(),
                    get.getPath());
        }
    }

    @Test
    void secretsComeFromTheSecretAndEveryVariableIsReadByJade() {
        assertTrue(JadeVariable.reads("JADE_AIRFLOW_ENVIRONMENTS_DEV123_PASSWORD"));
        assertTrue(JadeVariable.reads("JADE_AIRFLOW_API_ENVIRONMENTS_DEV123_TOKEN"));
        assertFalse(JadeVariable.reads("JADE_AIRFLOW_ENVIRONMENTS_DEV123_PORT"));
        assertFalse(JadeVariable.reads("DB_PASSWORD"), "a near miss is not a variable");
        Secret secret = one(Secret.class);
        ConfigMap config = one(ConfigMap.class);
        Set<String> set = new TreeSet<>(config.getData().keySet());
        for (EnvFromSource from : container().getEnvFrom()) {
            assertEquals(config.getMetadata().getName(), from.getConfigMapRef().getName());
        }
        for (EnvVar var : container().getEnv()) {
            set.add(var.getName());
            if (SECRETS.contains(var.getName())) {
                assertNotNull(var.getValueFrom(), var.getName());
                assertEquals(secret.getMetadata().getName(), var.getValueFrom().getSecretKeyRef().getName());
                assertTrue(secret.getStringData().containsKey(var.getValueFrom().getSecretKeyRef().getKey()));
            } else {
                assertNotNull(var.getValue(), var.getName());
            }
        }
        for (String name : config.getData().keySet()) {
            assertFalse(SECRETS.contains(name), name + " is a secret but sits in the ConfigMap");
        }
        set.addAll(secret.getStringData().keySet());
        for (String name : set) {
            assertTrue(JadeVariable.reads(name), name + " is not a variable Jade reads");
        }
        for (String required : List.of("DB_URL", "DATACOVES_DB_URL", "FERNET_KEY", "INTERNAL_BEARER_TOKEN",
                "MINIO_SECRET_KEY", "S3_SECRET_ACCESS_KEY", "BLOB_STORAGE_ACCOUNT_KEY", "SECRET_KEY")) {
            assertTrue(container().getEnv().stream().anyMatch(v -> v.getName().equals(required)
                    && v.getValueFrom() != null), required + " comes from the Secret");
        }
    }
}
