package com.datacoves.jade.deployments;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Produces the {@link KubernetesClient} of the deployment controller, on first use only (so Jade starts without a
 * cluster). It uses {@code jade.deployments.kubernetes.master-url} when set, otherwise fabric8's default
 * configuration (in-cluster service account, or {@code ~/.kube/config}). Building the client does not contact the
 * cluster; a missing cluster surfaces as a 502 on the deployments routes.
 */
@Factory
public class KubernetesClientFactory {

    /** The client, closed when Jade stops. */
    @Singleton
    @Named("deployments")
    @Bean(preDestroy = "close")
    public KubernetesClient kubernetesClient(DeploymentSettings settings) {
        Config config;
        if (settings.masterUrl() != null) {
            config = new ConfigBuilder(Config.empty()).withMasterUrl(settings.masterUrl()).withTrustCerts(true)
                    .withNamespace(settings.namespace()).withRequestTimeout(10_000).withConnectionTimeout(5_000)
                    .build();
        } else {
            config = new ConfigBuilder(Config.autoConfigure(null)).withRequestTimeout(10_000)
                    .withConnectionTimeout(5_000).build();
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
