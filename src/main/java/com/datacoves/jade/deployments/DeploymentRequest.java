package com.datacoves.jade.deployments;

import io.fabric8.kubernetes.api.model.Quantity;
import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /api/v1/deployments} body.
 *
 * @param projectName dbt project name (required)
 * @param gitBranch   git branch, or null
 * @param image       image, or null for the configured default
 * @param env         extra environment variables
 * @param requests    resource requests (empty: the template's)
 * @param limits      resource limits (empty: the template's)
 */
public record DeploymentRequest(String projectName, @Nullable String gitBranch, @Nullable String image,
                                Map<String, String> env, Map<String, String> requests, Map<String, String> limits) {

    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Set<String> KNOWN = Set.of("project_name", "git_branch", "image", "env", "resources");
    private static final Set<String> RESOURCE_KEYS = Set.of("requests", "limits");

    /**
     * Validates a JSON body.
     *
     * @throws FieldErrorsException listing every invalid field
     */
    public static DeploymentRequest parse(@Nullable Map<String, Object> body) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (body == null) {
            throw new FieldErrorsException(Map.of("body", "a JSON object is required"));
        }
        body.keySet().stream().filter(k -> !KNOWN.contains(k)).forEach(k -> errors.put(k, "unknown field"));
        String project = text(body, "project_name", true, errors);
        String branch = text(body, "git_branch", false, errors);
        String image = text(body, "image", false, errors);
        if (image != null && image.chars().anyMatch(Character::isWhitespace)) {
            errors.put("image", "must not contain whitespace");
        }
        Map<String, String> env = new LinkedHashMap<>();
        Object rawEnv = body.get("env");
        if (rawEnv instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (!ENV_NAME.matcher(key).matches()) {
                    errors.put("env." + key, "not a valid environment variable name");
                } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                    env.put(key, String.valueOf(v));
                } else {
                    errors.put("env." + key, "must be a string");
                }
            });
        } else if (rawEnv != null) {
            errors.put("env", "must be an object of strings");
        }
        Map<String, String> requests = new LinkedHashMap<>();
        Map<String, String> limits = new LinkedHashMap<>();
        Object rawResources = body.get("resources");
        if (rawResources instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (!RESOURCE_KEYS.contains(key)) {
                    errors.put("resources." + key, "only requests and limits are allowed");
                } else {
                    quantities(v, "resources." + key, key.equals("requests") ? requests : limits, errors);
                }
            });
        } else if (rawResources != null) {
            errors.put("resources", "must be an object with requests and/or limits");
        }
        if (!errors.isEmpty()) {
            throw new FieldErrorsException(errors);
        }
        return new DeploymentRequest(project, branch, image, env, requests, limits);
    }

    private static void quantities(Object value, String field, Map<String, String> out, Map<String, String> errors) {
        if (!(value instanceof Map<?, ?> m)) {
            errors.put(field, "must be an object of quantities, e.g. {\"cpu\":\"500m\",\"memory\":\"1Gi\"}");
            return;
        }
        m.forEach((k, v) -> {
            String key = field + "." + k;
            if (!(v instanceof String || v instanceof Number)) {
                errors.put(key, "must be a quantity such as 500m or 1Gi");
                return;
            }
            String text = String.valueOf(v).strip();
            try {
                Quantity.getAmountInBytes(new Quantity(text));
                out.put(String.valueOf(k), text);
            } catch (RuntimeException e) {
                errors.put(key, "not a valid quantity: " + text);
            }
        });
    }

    private static String text(Map<String, Object> body, String field, boolean required, Map<String, String> errors) {
        Object value = body.get(field);
        if (value == null) {
            if (required) {
                errors.put(field, "is required");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            errors.put(field, "must be a string");
            return null;
        }
        if (s.isBlank()) {
            if (required) {
                errors.put(field, "must not be blank");
            }
            return null;
        }
        if (s.length() > 200) {
            errors.put(field, "must be at most 200 characters");
            return null;
        }
        if (required && DeploymentNames.dnsLabel(s).isEmpty()) {
            errors.put(field, "must contain at least one letter or digit");
            return null;
        }
        return s.strip();
    }
}
