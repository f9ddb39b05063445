package com.datacoves.jade.deployments;

import com.datacoves.jade.common.UpstreamUnavailableException;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the deployments this controller manages and their live status. */
@Singleton
public class DeploymentStatus {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final DeploymentSettings settings;
    private final Provider<KubernetesClient> kubernetes;
    private final ServerHealth health;

    /** A reader of the configured namespace. */
    public DeploymentStatus(DeploymentSettings settings, @Named("deployments") Provider<KubernetesClient> kubernetes,
                            ServerHealth health) {
        this.settings = settings;
        this.kubernetes = kubernetes;
        this.health = health;
    }

    /** Whether {@code name} can be a deployment name (a DNS-1123 label). */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The Kubernetes client; 503 when it cannot be built (no usable configuration). */
    public KubernetesClient client() {
        try {
            return kubernetes.get();
        } catch (RuntimeException e) {
            throw new UpstreamUnavailableException("Kubernetes is not available: " + e.getMessage());
        }
    }

    /** Every managed deployment, by name, with the last background check as server health. */
    public List<DeploymentView> list() {
        KubernetesClient k = client();
        String ns = settings.namespace();
        List<StatefulSet> all = DeploymentService.kube("list StatefulSets", () -> k.apps().statefulSets().inNamespace(ns)
                .withLabel(DeploymentManifests.MANAGED_BY, DeploymentManifests.JADE).list().getItems());
        List<Pod> pods = DeploymentService.kube("list pods", () -> k.pods().inNamespace(ns)
                .withLabel(DeploymentManifests.MANAGED_BY, DeploymentManifests.JADE).list().getItems());
        return all.stream().sorted(Comparator.comparing(s -> s.getMetadata().getName()))
                .map(s -> view(s, pods, null)).toList();
    }

    /** Names of every managed deployment with their port. */
    public Map<String, Integer> ports() {
        KubernetesClient k = client();
        return k.apps().statefulSets().inNamespace(settings.namespace())
                .withLabel(DeploymentManifests.MANAGED_BY, DeploymentManifests.JADE).list().getItems().stream()
                .collect(java.util.stream.Collectors.toMap(s -> s.getMetadata().getName(), DeploymentStatus::port));
    }

    /** One deployment with a live probe of its server, or empty when unknown. */
    public Optional<DeploymentView> get(String name) {
        if (!isName(name)) {
            return Optional.empty();
        }
        KubernetesClient k = client();
        String ns = settings.namespace();
        StatefulSet sts = DeploymentService.kube("read StatefulSet",
                () -> k.apps().statefulSets().inNamespace(ns).withName(name).get());
        if (sts == null || sts.getMetadata().getLabels() == null
                || !DeploymentManifests.JADE.equals(sts.getMetadata().getLabels().get(DeploymentManifests.MANAGED_BY))) {
            return Optional.empty();
        }
        List<Pod> pods = DeploymentService.kube("list pods", () -> k.pods().inNamespace(ns)
                .withLabel(DeploymentManifests.INSTANCE, name).list().getItems());
        return Optional.of(view(sts, pods, health.probe(name, port(sts))));
    }

    /** The view of a StatefulSet; {@code live} is a fresh probe, or null to show the last background check. */
    public DeploymentView view(StatefulSet sts, List<Pod> pods, @Nullable ServerHealth.Result live) {
        String name = sts.getMetadata().getName();
        Map<String, String> a = sts.getMetadata().getAnnotations() == null ? Map.of() : sts.getMetadata().getAnnotations();
        String branch = a.getOrDefault(DeploymentManifests.BRANCH_ANNOTATION, "");
        Pod pod = pods.stream().filter(p -> p.getMetadata().getLabels() != null
                        && name.equals(p.getMetadata().getLabels().get(DeploymentManifests.INSTANCE)))
                .findFirst().orElse(null);
        int restarts = 0;
        String phase = null;
        if (pod != null && pod.getStatus() != null) {
            phase = pod.getStatus().getPhase();
            List<ContainerStatus> cs = pod.getStatus().getContainerStatuses();
            restarts = cs == null ? 0 : cs.stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum();
        }
        Optional<ServerHealth.Result> last = health.last(name);
        ServerHealth.Result shown = live != null ? live : last.orElse(null);
        int replicas = sts.getSpec() == null || sts.getSpec().getReplicas() == null ? 0 : sts.getSpec().getReplicas();
        int ready = sts.getStatus() == null || sts.getStatus().getReadyReplicas() == null ? 0
                : sts.getStatus().getReadyReplicas();
        DeploymentView.Status status = new DeploymentView.Status(replicas, ready, phase, restarts,
                shown == null ? ServerHealth.UNKNOWN : shown.health(), shown == null ? null : shown.detail(),
                last.map(r -> r.at().toString()).orElse(null), last.map(ServerHealth.Result::health).orElse(null));
        return new DeploymentView(name, a.getOrDefault(DeploymentManifests.PROJECT_ANNOTATION, ""),
                branch.isEmpty() ? null : branch, a.getOrDefault(DeploymentManifests.CONNECTION_ANNOTATION, ""),
                settings.namespace(), a.get(DeploymentManifests.IMAGE_ANNOTATION),
                name + "." + settings.namespace() + ".svc.cluster.local", port(sts),
                sts.getMetadata().getCreationTimestamp(), status);
    }

    /** The dbt server port of a StatefulSet (its first container port; 8580 when none). */
    static int port(StatefulSet sts) {
        try {
            List<ContainerPort> ports = sts.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts();
            return ports == null || ports.isEmpty() ? 8580 : ports.get(0).getContainerPort();
        } catch (RuntimeException e) {
            return 8580;
        }
    }
}
