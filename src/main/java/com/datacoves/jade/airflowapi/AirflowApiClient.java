package com.datacoves.jade.airflowapi;

import com.datacoves.jade.common.UpstreamFailedException;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The calls Jade makes to Airflow's REST API — the stable API {@code /api/v1} of Airflow 2, or {@code /api/v2} of
 * Airflow 3 ({@link AirflowApiTarget}): trigger a DAG run, set a DAG run's state, clear task instances (run control),
 * and create and delete a connection (the deployment controller). The paths and bodies are the same in both but for
 * the trigger, where Airflow 3 requires {@code logical_date} (sent null: "now").
 * For Airflow 3 with a user and password, a JWT is first obtained from {@code POST <root>/auth/token}. Uses {@link java.net.http.HttpClient} with a connect timeout ({@code jade.airflow-api.connect-timeout},
 * default 3 s) and a per-request timeout ({@code jade.airflow-api.read-timeout}, default 30 s). No call is retried:
 * triggering and clearing are not idempotent.
 *
 * <p>Failures become {@link UpstreamFailedException}s (502): Airflow unreachable or too slow ("Airflow API of
 * environment X is unreachable: …"), or an Airflow error answer ("Airflow API of environment X answered 404: DAG
 * not found", from Airflow 2's problem JSON {@code detail}, else {@code title}, or Airflow 3's {@code detail}, whose
 * validation errors read "answered 422: body.logical_date: Field required"). Credentials are never logged.
 */
@Singleton
public class AirflowApiClient {

    private static final Logger LOG = LoggerFactory.getLogger(AirflowApiClient.class);

    private final JsonMapper json;
    private final HttpClient client;
    private final Duration readTimeout;

    /** A client with the configured timeouts. */
    public AirflowApiClient(JsonMapper json,
                            @Value("${jade.airflow-api.connect-timeout:3s}") Duration connectTimeout,
                            @Value("${jade.airflow-api.read-timeout:30s}") Duration readTimeout) {
        this.json = json;
        this.readTimeout = readTimeout;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * {@code POST /dags/{dag_id}/dagRuns} with {@code dag_run_id}, {@code conf} and {@code note}.
     *
     * @return Airflow's DAGRun object
     */
    public Map<String, Object> triggerDagRun(AirflowApiTarget target, String dagId, String dagRunId,
                                             Map<String, Object> conf, String note) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_run_id", dagRunId);
        if (target.airflow3()) {
            body.put("logical_date", null);
        }
        body.put("conf", conf);
        body.put("note", note);
        return send(target, "POST", "/dags/" + seg(dagId) + "/dagRuns", body);
    }

    /** {@code PATCH /dags/{dag_id}/dagRuns/{dag_run_id}} with {@code {"state": state}}. */
    public Map<String, Object> setDagRunState(AirflowApiTarget target, String dagId, String dagRunId, String state) {
        return send(target, "PATCH", "/dags/" + seg(dagId) + "/dagRuns/" + seg(dagRunId), Map.of("state", state));
    }

    /**
     * {@code POST /dags/{dag_id}/clearTaskInstances} for the failed task instances of one DAG run, resetting the
     * DAG run so that the scheduler runs them again.
     */
    public Map<String, Object> clearFailedTasks(AirflowApiTarget target, String dagId, String dagRunId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_run_id", dagRunId);
        body.put("only_failed", true);
        body.put("dry_run", false);
        body.put("reset_dag_runs", true);
        return send(target, "POST", "/dags/" + seg(dagId) + "/clearTaskInstances", body);
    }

    /**
     * {@code POST /connections}: an {@code http} connection {@code connectionId} to {@code host:port}.
     *
     * @throws UpstreamFailedException when Airflow is unreachable or refuses (e.g. 409, the id exists)
     */
    public void createConnection(AirflowApiTarget target, String connectionId, String host, int port,
                                 String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connection_id", connectionId);
        body.put("conn_type", "http");
        body.put("host", host);
        body.put("port", port);
        body.put("description", description);
        send(target, "POST", "/connections", body);
    }

    /**
     * {@code DELETE /connections/{connection_id}}; a connection already gone (404) is fine.
     *
     * @throws UpstreamFailedException when Airflow is unreachable or answers another error
     */
    public void deleteConnection(AirflowApiTarget target, String connectionId) {
        String path = "/connections/" + seg(connectionId);
        exchange(target, "DELETE", target.baseUrl() + path, path, null, authorization(target), true);
    }

    private Map<String, Object> send(AirflowApiTarget target, String method, String path, Object body) {
        return exchange(target, method, target.baseUrl() + path, path, body, authorization(target), false);
    }

    private String authorization(AirflowApiTarget target) {
        return target.needsSessionToken() ? "Bearer " + sessionToken(target) : target.authorization();
    }

    /**
     * Airflow 3's {@code POST <root>/auth/token} with the target's user and password → its {@code access_token}.
     *
     * @throws UpstreamFailedException when Airflow refuses or answers without a token
     */
    private String sessionToken(AirflowApiTarget target) {
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("username", target.username());
        credentials.put("password", target.password() == null ? "" : target.password());
        Map<String, Object> answer = exchange(target, "POST", target.root() + "/auth/token", "/auth/token",
                credentials, null, false);
        Object token = answer.get("access_token");
        if (token == null || token.toString().isBlank()) {
            throw new UpstreamFailedException("Airflow API of " + target.label()
                    + " answered /auth/token without an access_token.");
        }
        return token.toString();
    }

    private Map<String, Object> exchange(AirflowApiTarget target, String method, String url, String path,
                                         Object body, String authorization, boolean absentIsFine) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(readTimeout)
                .header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode Airflow request", e);
            }
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.warn("Airflow API of {} unreachable on {} {}: {}", target.label(), method, path, e.toString());
            throw new UpstreamFailedException("Airflow API of " + target.label()
                    + " is unreachable (" + describe(e) + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailedException("Airflow API call of " + target.label()
                    + " was interrupted.");
        }
        Map<String, Object> answer = parse(response.body());
        if (response.statusCode() / 100 != 2 && !(absentIsFine && response.statusCode() == 404)) {
            LOG.warn("Airflow API of {} answered {} on {} {}", target.label(), response.statusCode(), method, path);
            throw new UpstreamFailedException("Airflow API of " + target.label()
                    + " answered " + response.statusCode() + ": " + problem(answer, response.statusCode()));
        }
        return answer;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Map.of();
        }
        try {
            Object value = json.readValue(body, Object.class);
            return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * The message of an Airflow error answer: Airflow 2's problem JSON {@code detail} (else {@code title}), or
     * Airflow 3's FastAPI {@code detail}, a string or a list of validation errors {@code {loc, msg}} rendered as
     * {@code body.logical_date: Field required; …}.
     */
    private static String problem(Map<String, Object> answer, int code) {
        Object detail = answer.get("detail");
        if (detail instanceof List<?> errors && !errors.isEmpty()) {
            return errors.stream().map(AirflowApiClient::validationError).collect(Collectors.joining("; "));
        }
        if (detail != null && !detail.toString().isBlank()) {
            return detail.toString();
        }
        Object title = answer.get("title");
        return title != null && !title.toString().isBlank() ? title.toString() : "HTTP " + code;
    }

    private static String validationError(Object error) {
        if (!(error instanceof Map<?, ?> e) || e.get("msg") == null) {
            return String.valueOf(error);
        }
        Object loc = e.get("loc");
        String where = loc instanceof List<?> parts
                ? parts.stream().map(String::valueOf).collect(Collectors.joining(".")) : null;
        return where == null || where.isEmpty() ? e.get("msg").toString() : where + ": " + e.get("msg");
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return e.getClass().getSimpleName();
    }

    private static String seg(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
