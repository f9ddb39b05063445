package com.datacoves.jade.deployments;

import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates and deletes Airflow connections through Airflow's stable REST API ({@code /api/v1/connections}), with
 * basic authentication and timeouts. Failures raise {@link StepException}.
 */
@Singleton
public class AirflowConnections {

    private final DeploymentSettings settings;
    private final ObjectMapper json;
    private final HttpClient http;

    /** A client for the configured Airflow. */
    public AirflowConnections(DeploymentSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.airflowTimeout()).build();
    }

    /** Creates connection {@code id} of type http to {@code host:port}. */
    public void create(String id, String host, int port, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connection_id", id);
        body.put("conn_type", "http");
        body.put("host", host);
        body.put("port", port);
        body.put("description", description);
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new StepException("create Airflow connection", e.getMessage());
        }
        HttpResponse<String> response = send(request("/api/v1/connections")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), "create Airflow connection");
        if (response.statusCode() / 100 != 2) {
            throw new StepException("create Airflow connection",
                    "Airflow answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
    }

    /** Deletes connection {@code id}; a missing connection (404) is fine. */
    public void delete(String id) {
        String path = "/api/v1/connections/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(request(path).DELETE(), "delete Airflow connection");
        if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
            throw new StepException("delete Airflow connection",
                    "Airflow answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
    }

    private HttpRequest.Builder request(String path) {
        if (settings.airflowUrl() == null) {
            throw new StepException("Airflow connection", "jade.deployments.airflow.url (AIRFLOW_URL) is not set");
        }
        String base = settings.airflowUrl().replaceAll("/+$", "");
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(settings.airflowTimeout()).header("Accept", "application/json");
        if (settings.airflowUser() != null) {
            String credentials = settings.airflowUser() + ":" + settings.airflowPassword();
            builder.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String step) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StepException(step, "Airflow unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepException(step, "interrupted");
        }
    }

    private static String abbreviate(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }
}
