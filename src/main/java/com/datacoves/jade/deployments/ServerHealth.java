package com.datacoves.jade.deployments;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes dbt servers ({@code GET <service URL><health path>} with a short timeout) and keeps, in memory, the result of
 * the last background check of each deployment.
 */
@Singleton
public class ServerHealth {

    /** Health when the server answered 2xx. */
    public static final String HEALTHY = "healthy";
    /** Health when the server answered something else. */
    public static final String UNHEALTHY = "unhealthy";
    /** Health when the server could not be reached. */
    public static final String UNKNOWN = "unknown";

    private final DeploymentSettings settings;
    private final HttpClient http;
    private final Map<String, Result> last = new ConcurrentHashMap<>();

    /** A prober using the configured URL template and timeout. */
    public ServerHealth(DeploymentSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.probeTimeout()).build();
    }

    /** Probes the server of deployment {@code name} now. */
    public Result probe(String name, int port) {
        Instant now = Instant.now();
        try {
            URI uri = URI.create(settings.serverUrl(name, port) + settings.healthPath());
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(settings.probeTimeout())
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            int code = response.statusCode();
            return new Result(now, code / 100 == 2 ? HEALTHY : UNHEALTHY, "HTTP " + code);
        } catch (IOException | IllegalArgumentException e) {
            return new Result(now, UNKNOWN, "unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(now, UNKNOWN, "interrupted");
        }
    }

    /** Records the result of a background check. */
    public void record(String name, Result result) {
        last.put(name, result);
    }

    /** Forgets deployments not in {@code names}. */
    public void retainOnly(Set<String> names) {
        last.keySet().retainAll(names);
    }

    /** Forgets one deployment. */
    public void forget(String name) {
        last.remove(name);
    }

    /** The last background check of a deployment. */
    public Optional<Result> last(String name) {
        return Optional.ofNullable(last.get(name));
    }

    /**
     * One probe.
     *
     * @param at     when
     * @param health {@link #HEALTHY}, {@link #UNHEALTHY} or {@link #UNKNOWN}
     * @param detail HTTP status or the reason it is unknown
     */
    public record Result(Instant at, String health, @Nullable String detail) {
    }
}
