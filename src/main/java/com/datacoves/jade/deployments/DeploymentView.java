package com.datacoves.jade.deployments;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * A deployment as answered by the routes.
 *
 * @param name                  Kubernetes name of the StatefulSet and Service
 * @param projectName           the project name as sent
 * @param gitBranch             the branch as sent, or null
 * @param airflowConnectionId   the Airflow connection id
 * @param namespace             Kubernetes namespace
 * @param image                 container image
 * @param host                  in-cluster host name of the Service
 * @param port                  Service port
 * @param createdAt             creation time reported by Kubernetes, or null
 * @param status                live and last-checked status
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DeploymentView(String name, String projectName, @Nullable String gitBranch, String airflowConnectionId,
                             String namespace, @Nullable String image, String host, int port,
                             @Nullable String createdAt, Status status) {

    /**
     * Status of a deployment.
     *
     * @param replicas        desired replicas
     * @param readyReplicas   ready replicas
     * @param podPhase        phase of the pod ({@code Pending}, {@code Running}, …) or null when there is none
     * @param podRestarts     restarts of the pod's containers
     * @param serverHealth    the dbt server's own health: {@code healthy}, {@code unhealthy} or {@code unknown}
     *                        (unreachable); for the list, the last background check's
     * @param serverDetail    detail of {@link #serverHealth}, or null
     * @param lastCheckAt     time of the last background check, or null before the first
     * @param lastCheckResult result of the last background check, or null before the first
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Status(int replicas, int readyReplicas, @Nullable String podPhase, int podRestarts,
                         String serverHealth, @Nullable String serverDetail, @Nullable String lastCheckAt,
                         @Nullable String lastCheckResult) {
    }
}
