package com.datacoves.jade.deployments;

import com.datacoves.jade.airflowapi.AirflowApiClient;
import com.datacoves.jade.airflowapi.AirflowApiTarget;
import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.UpstreamFailedException;
import com.datacoves.jade.common.ConflictException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Creates (all or nothing) and deletes (idempotently) the dbt server of a project and branch: StatefulSet, Service,
 * their PVCs and the Airflow connection. Kubernetes and Airflow failures become 502 naming the failed step.
 */
@Singleton
public class DeploymentService {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);

    private final DeploymentSettings settings;
    private final Provider<KubernetesClient> kubernetes;
    private final ValuesTemplate template;
    private final AirflowApiClient airflow;
    private final ServerHealth health;
    private final DeploymentStatus status;

    /** The service with its collaborators. */
    public DeploymentService(DeploymentSettings settings, @Named("deployments") Provider<KubernetesClient> kubernetes,
                             ValuesTemplate template, AirflowApiClient airflow, ServerHealth health,
                             DeploymentStatus status) {
        this.settings = settings;
        this.kubernetes = kubernetes;
        this.template = template;
        this.airflow = airflow;
        this.health = health;
        this.status = status;
    }

    /** Creates the deployment; 409 when its names are taken; on a failed step removes what was created. */
    public DeploymentView create(DeploymentRequest request) {
        DeploymentNames names = DeploymentNames.of(request.projectName(), request.gitBranch());
        KubernetesClient k = status.client();
        String ns = settings.namespace();
        String name = names.resourceName();
        kube("read existing resources", () -> {
            checkConflicts(k, names);
            return null;
        });
        ValuesTemplate.Values values;
        try {
            values = template.load();
        } catch (RuntimeException e) {
            throw new IllegalStateException("read values template failed: " + e.getMessage(), e);
        }
        String image = request.image() != null ? request.image()
                : settings.image() != null ? settings.image() : values.image();
        StatefulSet sts = DeploymentManifests.statefulSet(names, request, image, values);
        Service svc = DeploymentManifests.service(names, image, values.port());
        Deque<Undo> undo = new ArrayDeque<>();
        try {
            kube("create StatefulSet", () -> k.apps().statefulSets().inNamespace(ns).resource(sts).create());
            undo.push(new Undo("StatefulSet", () -> deleteKubernetes(k, name)));
            kube("create Service", () -> k.services().inNamespace(ns).resource(svc).create());
            undo.push(new Undo("Service", () -> k.services().inNamespace(ns).withName(name).delete()));
            String host = name + "." + ns + ".svc.cluster.local";
            String description = "dbt API server of project " + names.projectName()
                    + (names.gitBranch() == null ? "" : " branch " + names.gitBranch()) + " (managed by Jade)";
            airflowStep("create Airflow connection", () -> airflow.createConnection(
                    airflowApi("create Airflow connection"), names.connectionId(), host, values.port(), description));
        } catch (StepException e) {
            List<String> undone = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (Undo u : undo) {
                try {
                    u.action().run();
                    undone.add(u.what());
                } catch (RuntimeException re) {
                    LOG.warn("rollback of {} {} failed", u.what(), name, re);
                    failed.add(u.what() + " (" + re.getMessage() + ")");
                }
            }
            String message = e.getMessage() + (undone.isEmpty() ? "; nothing to roll back"
                    : "; rolled back: " + String.join(", ", undone))
                    + (failed.isEmpty() ? "" : "; rollback failed for: " + String.join(", ", failed));
            throw e.conflict() ? new ConflictException(message) : new UpstreamFailedException(message);
        }
        return status.view(sts, List.of(), null);
    }

    /** Deletes everything of deployment {@code name}; pieces already gone are fine. */
    public void delete(String name) {
        if (!DeploymentStatus.isName(name)) {
            return;
        }
        KubernetesClient k = status.client();
        String ns = settings.namespace();
        StatefulSet sts = kube("read StatefulSet", () -> k.apps().statefulSets().inNamespace(ns).withName(name).get());
        Service svc = kube("read Service", () -> k.services().inNamespace(ns).withName(name).get());
        String connection = annotation(sts, svc, DeploymentManifests.CONNECTION_ANNOTATION);
        if (connection != null && !connection.isBlank()) {
            if (settings.airflowApi() == null) {
                LOG.warn("AIRFLOW_URL unset: Airflow connection {} of {} not deleted", connection, name);
            } else {
                airflowStep("delete Airflow connection",
                        () -> airflow.deleteConnection(settings.airflowApi(), connection));
            }
        }
        kube("delete Service", () -> managed(svc) ? k.services().inNamespace(ns).withName(name).delete() : null);
        kube("delete StatefulSet and PVCs", () -> {
            if (sts == null || managed(sts)) {
                deleteKubernetes(k, name);
            }
            return null;
        });
        health.forget(name);
    }

    /** Deletes the StatefulSet (when ours) and the PVCs labelled with the deployment. */
    private void deleteKubernetes(KubernetesClient k, String name) {
        String ns = settings.namespace();
        StatefulSet sts = k.apps().statefulSets().inNamespace(ns).withName(name).get();
        if (managed(sts)) {
            k.apps().statefulSets().inNamespace(ns).withName(name).delete();
        }
        k.persistentVolumeClaims().inNamespace(ns).withLabel(DeploymentManifests.MANAGED_BY, DeploymentManifests.JADE)
                .withLabel(DeploymentManifests.INSTANCE, name).delete();
    }

    private void checkConflicts(KubernetesClient k, DeploymentNames names) {
        String ns = settings.namespace();
        String name = names.resourceName();
        StatefulSet sts = k.apps().statefulSets().inNamespace(ns).withName(name).get();
        Service svc = k.services().inNamespace(ns).withName(name).get();
        HasMetadata existing = sts != null ? sts : svc;
        if (existing != null) {
            throw conflict(existing, names, "name " + name);
        }
        for (StatefulSet other : k.apps().statefulSets().inNamespace(ns)
                .withLabel(DeploymentManifests.MANAGED_BY, DeploymentManifests.JADE).list().getItems()) {
            if (names.connectionId().equals(annotation(other, null, DeploymentManifests.CONNECTION_ANNOTATION))) {
                throw conflict(other, names, "Airflow connection id " + names.connectionId());
            }
        }
    }

    private static JadeException conflict(HasMetadata existing, DeploymentNames names, String what) {
        String name = existing.getMetadata().getName();
        if (!managed(existing)) {
            return new ConflictException("A " + existing.getKind() + " named " + name
                    + " exists and is not managed by Jade");
        }
        Map<String, String> a = existing.getMetadata().getAnnotations() == null ? Map.of()
                : existing.getMetadata().getAnnotations();
        String project = a.getOrDefault(DeploymentManifests.PROJECT_ANNOTATION, "");
        String branch = a.getOrDefault(DeploymentManifests.BRANCH_ANNOTATION, "");
        String wanted = names.gitBranch() == null ? "" : names.gitBranch();
        if (project.equals(names.projectName()) && branch.equals(wanted)) {
            return new ConflictException("Deployment " + name + " already exists");
        }
        return new ConflictException("The " + what + " is already used by deployment " + name
                + " of project '" + project + "'" + (branch.isEmpty() ? " (no branch)" : " branch '" + branch + "'"));
    }

    private static boolean managed(HasMetadata resource) {
        return resource != null && resource.getMetadata().getLabels() != null
                && DeploymentManifests.JADE.equals(resource.getMetadata().getLabels().get(DeploymentManifests.MANAGED_BY));
    }

    private static String annotation(HasMetadata first, HasMetadata second, String key) {
        for (HasMetadata r : new HasMetadata[]{first, second}) {
            if (r != null && r.getMetadata().getAnnotations() != null && r.getMetadata().getAnnotations().get(key) != null) {
                return r.getMetadata().getAnnotations().get(key);
            }
        }
        return null;
    }

    private AirflowApiTarget airflowApi(String step) {
        if (settings.airflowApi() == null) {
            throw new StepException(step, "jade.deployments.airflow.url (AIRFLOW_URL) is not set");
        }
        return settings.airflowApi();
    }

    /** Runs an Airflow step, turning its failure (Airflow unreachable or refusing) into a {@link StepException}. */
    private static void airflowStep(String step, Runnable action) {
        try {
            action.run();
        } catch (UpstreamFailedException e) {
            throw new StepException(step, e.getMessage());
        }
    }

    /** Runs a Kubernetes step, turning its failure into a {@link StepException}. */
    static <T> T kube(String step, Supplier<T> action) {
        try {
            return action.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new StepException(step, "it already exists", true);
            }
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
            throw new StepException(step, "Kubernetes: " + reason);
        }
    }

    private record Undo(String what, Runnable action) {
    }
}
