package com.datacoves.jade.deployments;

import com.datacoves.jade.airflowapi.AirflowApiTarget;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Settings of the deployment controller ({@code jade.deployments.*}). Every setting has a default, so Jade starts
 * without any of them; the routes answer 404 while {@code jade.deployments.secret-key} is unset.
 */
@Singleton
public class DeploymentSettings {

    private final String secretKey;
    private final String namespace;
    private final String image;
    private final String valuesTemplate;
    private final String masterUrl;
    private final AirflowApiTarget airflowApi;
    private final Duration probeTimeout;
    private final String serverUrlTemplate;
    private final String healthPath;

    /** Reads the settings; see {@code docs/deployments.md} for each. */
    public DeploymentSettings(@Value("${jade.deployments.secret-key:}") @Nullable String secretKey,
                              @Value("${jade.deployments.namespace:dbt-server}") String namespace,
                              @Value("${jade.deployments.image:}") @Nullable String image,
                              @Value("${jade.deployments.values-template:}") @Nullable String valuesTemplate,
                              @Value("${jade.deployments.kubernetes.master-url:}") @Nullable String masterUrl,
                              @Value("${jade.deployments.airflow.url:}") @Nullable String airflowUrl,
                              @Value("${jade.deployments.airflow.user:}") @Nullable String airflowUser,
                              @Value("${jade.deployments.airflow.password:}") @Nullable String airflowPassword,
                              @Value("${jade.deployments.probe-timeout:2s}") Duration probeTimeout,
                              @Value("${jade.deployments.server-url-template:http://<service>.<namespace>.svc.cluster.local:<port>}")
                              String serverUrlTemplate,
                              @Value("${jade.deployments.health-path:/health}") String healthPath) {
        this.secretKey = blankToNull(secretKey);
        this.namespace = namespace;
        this.image = blankToNull(image);
        this.valuesTemplate = blankToNull(valuesTemplate);
        this.masterUrl = blankToNull(masterUrl);
        this.airflowApi = blankToNull(airflowUrl) == null ? null
                : AirflowApiTarget.of(null, airflowUrl.strip().replaceAll("/+$", "") + "/api/v1", null,
                airflowUser, airflowPassword);
        this.probeTimeout = probeTimeout;
        this.serverUrlTemplate = serverUrlTemplate;
        this.healthPath = healthPath;
    }

    /** The bearer secret of the routes, or null when the routes are disabled. */
    public @Nullable String secretKey() {
        return secretKey;
    }

    /** Namespace the dbt servers are applied into. */
    public String namespace() {
        return namespace;
    }

    /** Default image; overrides the template's image when set; null to use the template's. */
    public @Nullable String image() {
        return image;
    }

    /** Path of an operator-edited values template, or null to use the classpath copy. */
    public @Nullable String valuesTemplate() {
        return valuesTemplate;
    }

    /** Kubernetes API URL to use instead of the default config (in-cluster or kubeconfig), or null. */
    public @Nullable String masterUrl() {
        return masterUrl;
    }

    /**
     * The stable REST API ({@code <jade.deployments.airflow.url>/api/v1}, HTTP Basic with the configured user and
     * password, none without a user) where connections are created and deleted, or null when no URL is configured.
     * Timeouts are the shared client's ({@code jade.airflow-api.connect-timeout} and {@code read-timeout}).
     */
    public @Nullable AirflowApiTarget airflowApi() {
        return airflowApi;
    }

    /** Timeout of a dbt server health probe. */
    public Duration probeTimeout() {
        return probeTimeout;
    }

    /** Base URL of a dbt server, with {@code <service>}, {@code <namespace>} and {@code <port>} placeholders. */
    public String serverUrl(String service, int port) {
        return serverUrlTemplate.replace("<service>", service).replace("<namespace>", namespace)
                .replace("<port>", String.valueOf(port));
    }

    /** Path of the dbt server's health route. */
    public String healthPath() {
        return healthPath;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
