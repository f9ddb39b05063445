package com.datacoves.jade.auth;

import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every protected route, taken from the router (so new routes join automatically), × {no header, malformed header,
 * unknown key, deleted key, another account's key, right key}: status and error body shape of each cell.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationMatrixTest extends JadeTest {

    @Inject
    Router router;

    /** A concrete request for one route: its method and a path inside account 1, environment dev123. */
    record Target(HttpMethod method, String path) {
        /** The run-control routes (trigger, rerun, cancel), which also need a key with allow_trigger. */
        boolean startsOrStopsRuns() {
            String p = path.split("\\?")[0];
            return method == HttpMethod.POST && p.startsWith("/api/v2/accounts")
                    && (p.endsWith("/run") || p.endsWith("/rerun") || p.endsWith("/cancel"));
        }

        boolean dbtCloud() {
            return path.startsWith("/api/v2/accounts") || path.startsWith("/api/v3/accounts");
        }
    }

    List<Target> protectedRoutes() {
        List<Target> targets = new ArrayList<>();
        router.uriRoutes().forEach(route -> {
            String template = route.getUriMatchTemplate().toString();
            boolean isProtected = template.startsWith("/api/v2/accounts") || template.startsWith("/api/v3/accounts")
                    || template.startsWith("/api/v2/datacoves") || template.startsWith("/api/internal");
            if (!isProtected || template.contains("healthcheck") || template.startsWith("/api/internal/tokens")) {
                return;
            }
            targets.add(new Target(route.getHttpMethod(), expand(route)));
        });
        return targets;
    }

    private static String expand(UriRouteInfo<?, ?> route) {
        Map<String, Object> values = new HashMap<>();
        for (String variable : route.getUriMatchTemplate().getVariableNames()) {
            String v = variable.toLowerCase();
            values.put(variable, v.contains("account") ? "1" : v.contains("project_slug") || v.contains("projectslug")
                    ? "acme-analytics" : v.contains("slug") ? "dev123" : v.contains("path") ? "manifest.json" : "1");
        }
        String path = route.getUriMatchTemplate().expand(values);
        return path + (path.contains("?") ? "&" : "?") + "environment_slug=dev123";
    }

    private HttpResponse<?> call(Target t, String authorization) {
        MutableHttpRequest<?> request = HttpRequest.create(t.method(), t.path());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            return e.getResponse();
        }
    }

    @SuppressWarnings("unchecked")
    private void assertError(Target t, HttpResponse<?> r, int status, String message) {
        String cell = t.method() + " " + t.path();
        assertEquals(status, r.code(), cell);
        if (t.method() == HttpMethod.HEAD) {
            return; // a HEAD answer has no body
        }
        Map<String, Object> body = r.getBody(Map.class).orElseThrow(() -> new AssertionError("no JSON body: " + cell));
        assertEquals(Map.of("message", message), body.get("errors"), cell);
        if (t.dbtCloud()) {
            Map<String, Object> st = (Map<String, Object>) body.get("status");
            assertEquals(status, ((Number) st.get("code")).intValue(), cell);
            assertEquals(false, st.get("is_success"), cell);
            assertTrue(body.containsKey("data") && body.get("data") == null, cell);
        } else {
            assertEquals(1, body.size(), cell + " has only errors: " + body);
        }
    }

    @Test
    void everyProtectedRouteChecksItsKey() {
        List<Target> targets = protectedRoutes();
        assertFalse(targets.isEmpty());
        String deleted = tokenService.create(1, "to-delete").token();
        tokenService.delete(tokenService.verify(deleted).orElseThrow().tokenId());
        String unknown = "jade_" + "A".repeat(43);
        for (Target t : targets) {
            assertError(t, call(t, null), 401, AuthenticationFilter.MISSING);
            assertError(t, call(t, "Basic dXNlcjpwYXNz"), 401, AuthenticationFilter.MISSING);
            assertError(t, call(t, "Token " + unknown), 401, AuthenticationFilter.INVALID);
            assertError(t, call(t, "Bearer " + deleted), 401, AuthenticationFilter.INVALID);
            HttpResponse<?> foreign = call(t, tokenHeader(2));
            assertEquals(403, foreign.code(), t.toString());
            HttpResponse<?> right = call(t, "Bearer " + keyFor(1));
            if (t.startsOrStopsRuns()) {
                // the right key without allow_trigger: the permission's own 403 (RunControlService.NOT_ALLOWED)
                assertError(t, right, 403, com.datacoves.jade.runs.RunControlService.NOT_ALLOWED);
                continue;
            }
            assertTrue(right.code() != 401 && right.code() != 403 && right.code() < 500,
                    t + " with the right key answered " + right.code());
        }
    }
}
