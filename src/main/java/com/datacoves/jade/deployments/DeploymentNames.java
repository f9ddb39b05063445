package com.datacoves.jade.deployments;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The deterministic names of a deployment of {@code project_name} (and optional {@code git_branch}).
 * <ul>
 *   <li>{@link #resourceName()}: {@code dbt-server-<project>-<branch>}, lower-case, each non-alphanumeric
 *       character replaced by {@code -}, repeated {@code -} collapsed, leading/trailing {@code -} trimmed; at most
 *       {@value #MAX_BASE} characters (so that the StatefulSet pod {@code <name>-0} is a valid DNS-1123 label),
 *       shortened with the first 8 hex characters of the SHA-256 of the original input when longer;</li>
 *   <li>{@link #connectionId()}: {@code <project>_<branch>}, lower-case, non-alphanumerics replaced by {@code _}.</li>
 * </ul>
 *
 * @param projectName  the project name as sent
 * @param gitBranch    the branch as sent, or null
 * @param resourceName name of the StatefulSet, Service and label {@code app.kubernetes.io/instance}
 * @param connectionId the Airflow connection id
 */
public record DeploymentNames(String projectName, @Nullable String gitBranch, String resourceName,
                             String connectionId) {

    /** Longest resource name: 63 (DNS-1123 label) minus the pod ordinal suffix {@code -0}. */
    public static final int MAX_BASE = 61;
    /** Prefix of every resource name. */
    public static final String PREFIX = "dbt-server-";

    /** The names of a project and optional branch (a blank branch counts as none). */
    public static DeploymentNames of(String projectName, @Nullable String gitBranch) {
        String branch = gitBranch == null || gitBranch.isBlank() ? null : gitBranch;
        String joined = branch == null ? projectName : projectName + "-" + branch;
        String resource = shorten(dnsLabel(PREFIX + joined), projectName + "\u0000" + (branch == null ? "" : branch));
        String connection = (branch == null ? projectName : projectName + "_" + branch)
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        return new DeploymentNames(projectName, branch, resource, connection);
    }

    /** Lower-case, non-alphanumerics to {@code -}, repeated {@code -} collapsed, trimmed of {@code -}. */
    static String dnsLabel(String value) {
        String label = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return trimDashes(label);
    }

    private static String shorten(String name, String original) {
        if (name.length() <= MAX_BASE) {
            return name;
        }
        String hash = sha256(original).substring(0, 8);
        String head = trimDashes(name.substring(0, MAX_BASE - hash.length() - 1));
        return head + "-" + hash;
    }

    private static String trimDashes(String value) {
        return value.replaceAll("^-+", "").replaceAll("-+$", "");
    }

    private static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
