package com.datacoves.jade.deployments;

import com.datacoves.jade.common.JadeException;
import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Naming rules and the disabled-routes rule, without a server. */
class DeploymentNamesTest {

    @Test
    void simpleNames() {
        DeploymentNames n = DeploymentNames.of("Analytics", "feature/New-Thing");
        assertEquals("dbt-server-analytics-feature-new-thing", n.resourceName());
        assertEquals("analytics_feature_new_thing", n.connectionId());
        DeploymentNames noBranch = DeploymentNames.of("Analytics", null);
        assertEquals("dbt-server-analytics", noBranch.resourceName());
        assertEquals("analytics", noBranch.connectionId());
        assertEquals("dbt-server-analytics", DeploymentNames.of("Analytics", " ").resourceName());
    }

    @Test
    void oddCharactersCollapseAndTrim() {
        DeploymentNames n = DeploymentNames.of("--My__Proj!!", "__main__");
        assertEquals("dbt-server-my-proj-main", n.resourceName());
        assertEquals("__my__proj_____main__", n.connectionId());
        assertEquals("dbt-server-caf", DeploymentNames.of("Café", null).resourceName());
    }

    @Test
    void longNamesAreShortenedWithAStableHash() {
        String project = "a-very-long-project-name-that-goes-on-and-on";
        DeploymentNames n = DeploymentNames.of(project, "feature/an-equally-long-branch-name-for-testing");
        assertTrue(n.resourceName().length() <= DeploymentNames.MAX_BASE, n.resourceName());
        assertTrue((n.resourceName() + "-0").matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"), n.resourceName());
        assertTrue(n.resourceName().matches(".*-[0-9a-f]{8}$"), n.resourceName());
        assertEquals(n, DeploymentNames.of(project, "feature/an-equally-long-branch-name-for-testing"));
        DeploymentNames other = DeploymentNames.of(project, "feature/an-equally-long-branch-name-for-testinG");
        assertNotEquals(n.resourceName(), other.resourceName());
        assertTrue(DeploymentStatus.isName(n.resourceName()));
    }

    @Test
    void routesAreNotFoundWithoutASecret() {
        DeploymentSettings settings = new DeploymentSettings(null, "dbt-server", null, null, null, null, null, null,
                Duration.ofSeconds(1), "http://<service>", "/health");
        JadeException e = assertThrows(JadeException.class,
                () -> new DeploymentAuthFilter(settings).authenticate(HttpRequest.GET("/api/v1/deployments")));
        assertEquals(404, com.datacoves.jade.http.ErrorResponses.status(e).getCode());
    }
}
