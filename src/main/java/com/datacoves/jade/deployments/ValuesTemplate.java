package com.datacoves.jade.deployments;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.ResourceResolver;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads the values template ({@code charts/template_values.yaml}): the file at {@code jade.deployments.values-template}
 * when set (it wins), otherwise the classpath copy {@code deployments/template_values.yaml}. Read on each create, so
 * operators' edits apply without a restart. Parsed with fabric8's YAML serialization.
 */
@Singleton
public class ValuesTemplate {

    /** Classpath location of the packaged template. */
    public static final String CLASSPATH_COPY = "classpath:deployments/template_values.yaml";

    private final DeploymentSettings settings;
    private final ResourceResolver resources;
    private final KubernetesSerialization yaml = new KubernetesSerialization();

    /** A loader for the configured template. */
    public ValuesTemplate(DeploymentSettings settings, ResourceResolver resources) {
        this.settings = settings;
        this.resources = resources;
    }

    /** The current template values. */
    public Values load() {
        Map<String, Object> raw;
        try (InputStream in = open()) {
            raw = yaml.unmarshal(in, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the values template: " + e.getMessage(), e);
        }
        return Values.from(raw == null ? Map.of() : raw);
    }

    private InputStream open() throws IOException {
        if (settings.valuesTemplate() != null) {
            return Files.newInputStream(Path.of(settings.valuesTemplate()));
        }
        return resources.getResourceAsStream(CLASSPATH_COPY)
                .orElseThrow(() -> new IOException("classpath copy " + CLASSPATH_COPY + " is missing"));
    }

    /**
     * Values of the template.
     *
     * @param image           container image
     * @param imagePullPolicy pull policy, or null
     * @param port            dbt server port (container and Service)
     * @param requests        default resource requests
     * @param limits          default resource limits
     * @param storageSize     size of the project volume
     * @param storageClass    storage class, or null for the cluster's default
     * @param mountPath       where the volume is mounted
     * @param env             environment of every server
     */
    public record Values(String image, @Nullable String imagePullPolicy, int port, Map<String, String> requests,
                         Map<String, String> limits, String storageSize, @Nullable String storageClass,
                         String mountPath, Map<String, String> env) {

        static Values from(Map<String, Object> raw) {
            Map<String, Object> resources = map(raw.get("resources"));
            Map<String, Object> storage = map(raw.get("storage"));
            Object port = raw.get("port");
            return new Values(text(raw.get("image"), "datacoves/dbt-api-server:latest"),
                    text(raw.get("imagePullPolicy"), null),
                    port == null ? 8580 : Integer.parseInt(String.valueOf(port)),
                    strings(resources.get("requests")), strings(resources.get("limits")),
                    text(storage.get("size"), "1Gi"), text(storage.get("storageClassName"), null),
                    text(storage.get("mountPath"), "/app/dbt"), strings(raw.get("env")));
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> map(Object value) {
            return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        private static Map<String, String> strings(Object value) {
            Map<String, String> out = new LinkedHashMap<>();
            map(value).forEach((k, v) -> {
                if (v != null) {
                    out.put(k, String.valueOf(v));
                }
            });
            return out;
        }

        private static String text(Object value, String fallback) {
            return value == null || String.valueOf(value).isBlank() ? fallback : String.valueOf(value);
        }
    }
}
