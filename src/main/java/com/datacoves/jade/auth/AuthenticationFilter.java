package com.datacoves.jade.auth;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.ForbiddenException;
import com.datacoves.jade.common.UnauthorizedException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Optional;
import java.util.concurrent.ExecutorService;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one authentication filter of every protected route (docs/authentication.md): the dbt Cloud routes
 * ({@code /api/v2/accounts/**}, {@code /api/v3/accounts/**}) and the Datacoves routes ({@code /api/v2/datacoves/**},
 * {@code /api/internal/**}) except the healthchecks and the token-admin routes (which use
 * {@code INTERNAL_BEARER_TOKEN}).
 *
 * <p>It accepts {@code Authorization: Token <key>} or {@code Bearer <key>} (on {@code /exposure-tile} also
 * {@code ?token=<key>}): one of Jade's own keys
 * ({@link TokenService}, checked first) or, when {@code DATACOVES_VERIFY_URL} is set, a Datacoves-issued token
 * ({@link DatacovesTokens}, docs/authentication.md; 503 while Datacoves cannot answer). It answers 401 for a missing or
 * unknown key;
 * 403 when the account in the path is not one the caller reaches, or a {@code project_slug}/{@code environment_slug}
 * in the path or query is not one it reaches. Controllers check slugs sent in a form or JSON body with {@link AccessGuard}.
 * On success the {@link Caller} is set as request attribute {@link Caller#ATTRIBUTE}.
 */
@ServerFilter(patterns = {"/api/v2/accounts/**", "/api/v3/accounts/**", "/api/v2/datacoves/**", "/api/internal/**",
        "/graphql", "/graphql/**", "/exposure-tile",
        "/api/v2/accounts", "/api/v3/accounts", "/"})
public class AuthenticationFilter {

    /** 401 text when no usable Authorization header is sent. */
    public static final String MISSING = "Missing API Key. Please create a Bearer Token first.";
    /** 401 text for a key that is not a live Jade key. */
    public static final String INVALID = "Invalid API Key. Please use a valid Bearer Token.";

    /**
     * The data health tile, embedded in dashboards by URL: the one route that also takes the key as
     * {@code ?token=<key>}, as dbt Cloud's embed URLs carry it (Jade never logs query strings).
     */
    private static final String TILE = "/exposure-tile";
    private static final Pattern ACCOUNT_PATH = Pattern.compile("^/api/v[23]/accounts/([^/]+)");
    private static final Pattern ENVIRONMENT_PATH = Pattern.compile("^/api/(?:v2/datacoves|internal)/environments/([^/]+)");
    private static final Pattern PROJECT_PATH = Pattern.compile("^/api/(?:v2/datacoves|internal)/projects/([^/]+)");

    private final TokenService tokens;
    private final DatacovesTokens datacoves;
    private final AccessGuard guard;
    private final Scheduler blocking;

    /** Checks Jade's keys first, then (when configured) Datacoves-issued tokens. */
    public AuthenticationFilter(TokenService tokens, DatacovesTokens datacoves, AccessGuard guard,
                                @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        this.tokens = tokens;
        this.datacoves = datacoves;
        this.guard = guard;
        this.blocking = Schedulers.fromExecutorService(blockingExecutor);
    }

    /**
     * Authenticates and authorises the request, or fails with {@link JadeException} (401/403).
     *
     * <p>The common case — a key verified within the cache TTL, no slug to look up — runs on the event loop without
     * blocking; anything that needs BCrypt or the Datacoves database runs on the blocking executor.
     *
     * @return a publisher of the request (it proceeds unchanged), or of an error that the exception handlers answer
     */
    @RequestFilter
    public Publisher<HttpRequest<?>> authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        if (isPublic(path)) {
            return Mono.just(request);
        }
        String key = presentedKey(request.getHeaders().getAuthorization().orElse(null), request);
        if (key == null) {
            return Mono.error(new UnauthorizedException(MISSING));
        }
        Optional<Caller> cached = tokens.verifyCached(key).or(() -> datacoves.verifyCached(key));
        if (cached.isPresent() && !namesSlug(request)) {
            try {
                authorize(request, path, cached.get());
                return Mono.just(request);
            } catch (JadeException e) {
                return Mono.error(e);
            }
        }
        return Mono.<HttpRequest<?>>fromCallable(() -> {
            Caller caller = tokens.verify(key)
                    .or(() -> datacoves.enabled() ? datacoves.verify(key) : Optional.empty())
                    .orElseThrow(() -> new UnauthorizedException(INVALID));
            authorize(request, path, caller);
            return request;
        }).subscribeOn(blocking);
    }

    private static boolean namesSlug(HttpRequest<?> request) {
        String path = request.getPath();
        return ENVIRONMENT_PATH.matcher(path).find() || PROJECT_PATH.matcher(path).find()
                || request.getParameters().contains("environment_slug") || request.getParameters().contains("project_slug");
    }

    private void authorize(HttpRequest<?> request, String path, Caller caller) {
        Matcher account = ACCOUNT_PATH.matcher(path);
        if (account.find() && !reachesAccount(caller, account.group(1))) {
            throw new ForbiddenException(AccessGuard.NO_ACCOUNT);
        }
        Matcher environment = ENVIRONMENT_PATH.matcher(path);
        if (environment.find()) {
            guard.environment(caller, decode(environment.group(1)));
        }
        Matcher project = PROJECT_PATH.matcher(path);
        if (project.find()) {
            guard.project(caller, decode(project.group(1)));
        }
        request.getParameters().getFirst("environment_slug").ifPresent(slug -> guard.environment(caller, slug));
        request.getParameters().getFirst("project_slug").ifPresent(slug -> guard.project(caller, slug));
        request.setAttribute(Caller.ATTRIBUTE, caller);
    }

    private static boolean reachesAccount(Caller caller, String pathSegment) {
        try {
            return caller.reachesAccount(Long.parseLong(pathSegment));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isPublic(String path) {
        return path.equals("/api/internal/healthcheck") || path.equals("/api/internal/healthcheck/")
                || path.startsWith("/api/internal/tokens");
    }

    /** The key of the Authorization header, else on the tile's route the {@code token} parameter; or null. */
    private static String presentedKey(@Nullable String authorization, HttpRequest<?> request) {
        String key = presentedKey(authorization);
        if (key == null && request.getPath().equals(TILE)) {
            key = request.getParameters().getFirst("token").map(String::strip).filter(k -> !k.isEmpty()).orElse(null);
        }
        return key;
    }

    /** The key of {@code Token <key>} or {@code Bearer <key>} (scheme case-insensitive), or null. */
    static String presentedKey(@Nullable String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = value.substring(0, space);
        if (!scheme.equalsIgnoreCase("Token") && !scheme.equalsIgnoreCase("Bearer")) {
            return null;
        }
        String key = value.substring(space + 1).strip();
        return key.isEmpty() ? null : key;
    }

    private static String decode(String segment) {
        return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
