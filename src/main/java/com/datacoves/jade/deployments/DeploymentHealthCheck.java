package com.datacoves.jade.deployments;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Background check: every {@code jade.deployments.health-interval} (default 30s) probes each managed dbt server and
 * records the result in {@link ServerHealth}. Does nothing while the routes are disabled (no secret key).
 */
@Singleton
public class DeploymentHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentHealthCheck.class);

    private final DeploymentSettings settings;
    private final DeploymentStatus status;
    private final ServerHealth health;

    /** The check with its collaborators. */
    public DeploymentHealthCheck(DeploymentSettings settings, DeploymentStatus status, ServerHealth health) {
        this.settings = settings;
        this.status = status;
        this.health = health;
    }

    /** Probes every deployment once. */
    @Scheduled(fixedDelay = "${jade.deployments.health-interval:30s}", initialDelay = "${jade.deployments.health-initial-delay:10s}")
    public void checkAll() {
        if (settings.secretKey() == null) {
            return;
        }
        try {
            Map<String, Integer> ports = status.ports();
            ports.forEach((name, port) -> health.record(name, health.probe(name, port)));
            health.retainOnly(ports.keySet());
        } catch (RuntimeException e) {
            LOG.warn("deployment health check failed: {}", e.getMessage());
        }
    }
}
