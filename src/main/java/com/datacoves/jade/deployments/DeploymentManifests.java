package com.datacoves.jade.deployments;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the Kubernetes resources of one dbt server — what the kube-core/raw chart would create from the values
 * template: a StatefulSet (1 replica, a volumeClaimTemplate for the dbt project) and a ClusterIP Service.
 */
public final class DeploymentManifests {

    /** Label selecting every resource this controller manages. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY}. */
    public static final String JADE = "jade";
    /** Label naming the deployment. */
    public static final String INSTANCE = "app.kubernetes.io/instance";
    /** Label naming the application. */
    public static final String APP_NAME = "app.kubernetes.io/name";
    /** Value of {@link #APP_NAME}. */
    public static final String DBT_SERVER = "dbt-server";
    /** Annotation: the project name as sent. */
    public static final String PROJECT_ANNOTATION = "jade.datacoves.com/project-name";
    /** Annotation: the git branch as sent (empty when none). */
    public static final String BRANCH_ANNOTATION = "jade.datacoves.com/git-branch";
    /** Annotation: the Airflow connection id. */
    public static final String CONNECTION_ANNOTATION = "jade.datacoves.com/airflow-connection-id";
    /** Annotation: the image. */
    public static final String IMAGE_ANNOTATION = "jade.datacoves.com/image";
    /** Name of the volume (and PVC prefix) holding the dbt project. */
    public static final String VOLUME = "dbt-project";

    private DeploymentManifests() {
    }

    /** The labels of every resource of the deployment. */
    public static Map<String, String> labels(String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, JADE);
        labels.put(INSTANCE, name);
        labels.put(APP_NAME, DBT_SERVER);
        return labels;
    }

    /** The StatefulSet of the deployment. */
    public static StatefulSet statefulSet(DeploymentNames names, DeploymentRequest request, String image,
                                          ValuesTemplate.Values values) {
        String name = names.resourceName();
        Map<String, String> env = new LinkedHashMap<>(values.env());
        env.putAll(request.env());
        List<EnvVar> vars = env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
        Map<String, String> requests = new LinkedHashMap<>(values.requests());
        Map<String, String> limits = new LinkedHashMap<>(values.limits());
        if (!request.requests().isEmpty()) {
            requests = new LinkedHashMap<>(request.requests());
        }
        if (!request.limits().isEmpty()) {
            limits = new LinkedHashMap<>(request.limits());
        }
        return new StatefulSetBuilder()
                .withMetadata(metadata(names, image))
                .withNewSpec()
                .withReplicas(1)
                .withServiceName(name)
                .withNewSelector().withMatchLabels(Map.of(INSTANCE, name, APP_NAME, DBT_SERVER)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels(name)).endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(DBT_SERVER)
                .withImage(image)
                .withImagePullPolicy(values.imagePullPolicy())
                .addNewPort().withName("http").withContainerPort(values.port()).withProtocol("TCP").endPort()
                .withEnv(vars)
                .withNewResources().withRequests(quantities(requests)).withLimits(quantities(limits)).endResources()
                .addNewVolumeMount().withName(VOLUME).withMountPath(values.mountPath()).endVolumeMount()
                .endContainer()
                .endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate()
                .withNewMetadata().withName(VOLUME).withLabels(labels(name)).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(values.storageClass())
                .withNewResources().withRequests(Map.of("storage", new Quantity(values.storageSize()))).endResources()
                .endSpec()
                .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }

    /** The ClusterIP Service of the deployment. */
    public static Service service(DeploymentNames names, String image, int port) {
        String name = names.resourceName();
        return new ServiceBuilder()
                .withMetadata(metadata(names, image))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Map.of(INSTANCE, name, APP_NAME, DBT_SERVER))
                .addNewPort().withName("http").withPort(port).withNewTargetPort(port).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    private static ObjectMeta metadata(DeploymentNames names, String image) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(PROJECT_ANNOTATION, names.projectName());
        annotations.put(BRANCH_ANNOTATION, names.gitBranch() == null ? "" : names.gitBranch());
        annotations.put(CONNECTION_ANNOTATION, names.connectionId());
        annotations.put(IMAGE_ANNOTATION, image);
        return new ObjectMetaBuilder().withName(names.resourceName()).withLabels(labels(names.resourceName()))
                .withAnnotations(annotations).build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, new Quantity(v)));
        return out;
    }
}
