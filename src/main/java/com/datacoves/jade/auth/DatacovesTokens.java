package com.datacoves.jade.auth;

import com.datacoves.jade.common.UpstreamUnavailableException;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks Datacoves-issued tokens with Datacoves, as the Elixir Jade does: a key that is not one of Jade's own is sent
 * to Datacoves' token check ({@code jade.datacoves.verify-url}, env {@code DATACOVES_VERIFY_URL}) as
 * {@code GET <url>} with header {@code Authorization: Token <key>}, and Datacoves' answer is the key's scope.
 *
 * <p><b>Datacoves' answer</b> (2xx, JSON): {@code {"permissions":[names…], "account_ids":[ids…],
 * "accounts":[slugs…], "project_ids":[ids…], "projects":[slugs…], "environment_ids":[ids…],
 * "environments":[slugs…]}} (it also sends {@code email} and {@code name}, which are ignored). Datacoves lists only
 * the accounts, projects and environments the token's user has <em>write</em> permission on. The answer becomes a
 * {@link Caller} with
 * <ul>
 *   <li>{@code tokenId} null (not a Jade key);</li>
 *   <li>{@code accountIds} = {@code account_ids};</li>
 *   <li>{@code projects} = {@code Names(project_ids, projects)} and {@code environments} =
 *       {@code Names(environment_ids, environments)} — never null: the Elixir Jade checks a project or environment
 *       slug by membership in these lists, so an empty list reaches none, not all;</li>
 *   <li>{@code allowTrigger} false, always. The Elixir Jade has no route that starts, reruns or cancels a run, so
 *       no Datacoves token could ever do so; and {@code permissions} are per environment and service (e.g.
 *       {@code acme:analytics:prod|workbench:airflow|write}) while {@code allowTrigger} is one flag for the whole
 *       scope, so deriving it from them would let a token trigger runs where its user may not run Airflow. Runs are
 *       started with Jade keys created with {@code allow_trigger}.</li>
 * </ul>
 * Account slugs ({@code accounts}) and {@code permissions} are read but not used: the Elixir Jade matches the account
 * in the path by id only.
 *
 * <p><b>Statuses</b> (as the Elixir Jade, except that it answers 401 where this class reports Datacoves
 * unavailable): 2xx → the caller; 401, 403, 404 → "no" (empty; Datacoves answers 401 {@code {"detail":"Invalid
 * token."}} for an unknown, expired or inactive user's token); any other status, a connection failure, a timeout, a
 * body over {@value #MAX_BODY_BYTES} bytes or a body that is not the shape above → {@link
 * UpstreamUnavailableException} (503). Its client message names neither the key nor the URL; its
 * {@link UpstreamUnavailableException#detail() detail} (logged only) names the URL without query, and the reason.
 *
 * <p><b>Keys never sent</b>: null or blank keys, keys over {@value #MAX_KEY_CHARS} characters or with characters other
 * than visible ASCII, and keys in Jade's own format ({@link ApiKeys#KEY_PREFIX}) — a Jade key that
 * {@link TokenService} does not know is revoked or made up, and Jade's secrets are not shown to Datacoves. These are
 * "no" without I/O.
 *
 * <p><b>Caching</b>: a "yes" is kept in memory for {@code jade.tokens.cache-seconds} (default 60 s, the same TTL as
 * Jade's keys), at most 10,000 entries, keyed by the SHA-256 of the key (never the key). A token revoked in Datacoves
 * therefore still works here for at most that TTL. A "no" and a failure are never cached. Concurrent checks of one
 * key share one HTTP call (Caffeine {@link AsyncCache#get(Object, java.util.function.BiFunction)}: the call runs
 * asynchronously, so no cache lock is held while waiting for Datacoves, and every waiter gets the same answer or the
 * same failure).
 *
 * <p><b>Bounds</b>: connect timeout {@code jade.datacoves.connect-timeout} (default 2 s), whole-call timeout
 * {@code jade.datacoves.request-timeout} (default 5 s, headers and body), body at most {@value #MAX_BODY_BYTES}
 * bytes, no redirects followed, at most {@value #MAX_IN_FLIGHT} calls to Datacoves in flight (more → 503 at once).
 * The key and the Authorization header are never logged.
 */
@Singleton
public class DatacovesTokens {

    /** Largest accepted answer body, in bytes (64 KiB); a bigger one counts as malformed. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Longest key sent to Datacoves, in characters; a longer one is "no" without I/O. */
    public static final int MAX_KEY_CHARS = 512;
    /** Most calls to Datacoves in flight at once (distinct keys); one more is refused with 503. */
    public static final int MAX_IN_FLIGHT = 64;
    /** What a client reads when Datacoves cannot answer (no key, no URL). */
    public static final String UNAVAILABLE = "Cannot verify the API key with Datacoves right now. Please retry later.";

    private static final Logger LOG = LoggerFactory.getLogger(DatacovesTokens.class);
    private static final Argument<Answer> ANSWER = Argument.of(Answer.class);

    private final JsonMapper json;
    private final @Nullable URI verifyUrl;
    private final String safeUrl;
    private final Duration requestTimeout;
    private final HttpClient client;
    private final AsyncCache<String, Outcome> verified;
    private final Semaphore inFlight;
    private final int inFlightLimit;

    /**
     * Settings as Micronaut injects them.
     *
     * @param json           the application's JSON mapper
     * @param verifyUrl      Datacoves' token check URL, e.g. {@code https://api.example.com/api/datacoves/verify/};
     *                       blank or absent disables Datacoves tokens
     * @param cacheSeconds   how long a "yes" is kept, in seconds (negative counts as 0: nothing kept)
     * @param connectTimeout TCP/TLS connect timeout
     * @param requestTimeout whole-call timeout (until the body is read)
     * @throws IllegalArgumentException when the URL is set but not an absolute http(s) URL
     */
    @Inject
    public DatacovesTokens(JsonMapper json,
                           @Nullable @Value("${jade.datacoves.verify-url:}") String verifyUrl,
                           @Value("${jade.tokens.cache-seconds:60}") long cacheSeconds,
                           @Value("${jade.datacoves.connect-timeout:2s}") Duration connectTimeout,
                           @Value("${jade.datacoves.request-timeout:5s}") Duration requestTimeout) {
        this(json, verifyUrl, cacheSeconds, connectTimeout, requestTimeout, MAX_IN_FLIGHT);
    }

    /**
     * As {@link #DatacovesTokens(JsonMapper, String, long, Duration, Duration)} with another in-flight bound.
     *
     * @param maxInFlight most calls to Datacoves at once, at least 1
     */
    DatacovesTokens(JsonMapper json, @Nullable String verifyUrl, long cacheSeconds, Duration connectTimeout,
                           Duration requestTimeout, int maxInFlight) {
        this.json = json;
        this.verifyUrl = verifyUrl == null || verifyUrl.isBlank() ? null : parseUrl(verifyUrl.strip());
        this.safeUrl = this.verifyUrl == null ? "" : withoutSecrets(this.verifyUrl);
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        this.verified = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfterWrite(Duration.ofSeconds(Math.max(0, cacheSeconds))).buildAsync();
        this.inFlightLimit = Math.max(1, maxInFlight);
        this.inFlight = new Semaphore(inFlightLimit);
    }

    /** True when a verify URL is configured, i.e. Datacoves-issued tokens are accepted. */
    public boolean enabled() {
        return verifyUrl != null;
    }

    /**
     * The caller of a Datacoves token verified within the cache TTL, without I/O (safe on an event loop).
     *
     * @param key the presented key (without {@code Token }/{@code Bearer })
     * @return the cached caller; empty when disabled, when the key is not cached (then call {@link #verify(String)} on
     * a blocking thread) or is being checked right now
     */
    public Optional<Caller> verifyCached(String key) {
        if (!enabled() || !sendable(key)) {
            return Optional.empty();
        }
        CompletableFuture<Outcome> cached = verified.getIfPresent(sha256(key));
        if (cached == null || !cached.isDone()) {
            return Optional.empty();
        }
        Outcome outcome = cached.getNow(Outcome.NO);
        return Optional.ofNullable(outcome.caller());
    }

    /**
     * Checks a key with Datacoves, or answers from the cache. Blocks for at most about the request timeout.
     *
     * @param key the presented key (without {@code Token }/{@code Bearer })
     * @return the caller when Datacoves knows the key; empty when disabled, when the key is never sent (see the class
     * comment) or when Datacoves answers 401, 403 or 404
     * @throws UpstreamUnavailableException (503) when Datacoves cannot be reached in time, answers another status, or
     *                                      answers a body that is too large or not the expected JSON
     */
    public Optional<Caller> verify(String key) {
        if (!enabled() || !sendable(key)) {
            return Optional.empty();
        }
        String digest = sha256(key);
        CompletableFuture<Outcome> answer = verified.get(digest, (d, executor) -> {
            CompletableFuture<Outcome> call = ask(key);
            // a "no" or a failure is shared by the callers waiting now, then forgotten
            call.thenAccept(o -> {
                if (o.caller() == null) {
                    verified.asMap().remove(d, call);
                }
            });
            return call;
        });
        Outcome outcome;
        try {
            outcome = answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting");
        } catch (ExecutionException e) {
            verified.asMap().remove(digest, answer);
            throw asUnavailable(e.getCause());
        }
        if (outcome.caller() == null) {
            verified.asMap().remove(digest, answer); // also when the answer came before the cache stored it
        }
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return Optional.ofNullable(outcome.caller());
    }

    /**
     * One asynchronous call to Datacoves. It always completes normally (a failed load would be logged by Caffeine
     * with a stack trace), with the caller, with {@link Outcome#NO}, or with the failure to throw.
     */
    private CompletableFuture<Outcome> ask(String key) {
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.completedFuture(
                    Outcome.failed(unavailable("more than " + inFlightLimit + " calls in flight")));
        }
        HttpRequest request;
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            request = HttpRequest.newBuilder(verifyUrl).timeout(requestTimeout).GET()
                    .header("Authorization", "Token " + key).header("Accept", "application/json").build();
            sent = client.sendAsync(request, DatacovesTokens::limitedBody);
        } catch (RuntimeException e) {
            inFlight.release();
            return CompletableFuture.completedFuture(Outcome.failed(asUnavailable(e)));
        }
        CompletableFuture<Outcome> call = sent.copy()
                .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    try {
                        if (failure != null) {
                            sent.cancel(true); // a timed-out exchange is aborted, not left running
                            return Outcome.failed(asUnavailable(failure));
                        }
                        Caller caller = interpret(response);
                        return caller == null ? Outcome.NO : new Outcome(caller, null);
                    } catch (UpstreamUnavailableException e) {
                        return Outcome.failed(e);
                    } finally {
                        inFlight.release();
                    }
                });
        return call;
    }

    private @Nullable Caller interpret(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 401 || status == 403 || status == 404) {
            return null;
        }
        if (status / 100 != 2) {
            throw unavailable("answered HTTP " + status);
        }
        Answer answer;
        try {
            answer = json.readValue(response.body(), ANSWER);
        } catch (IOException | RuntimeException e) {
            throw unavailable("answered a body that is not JSON of the expected shape ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (answer == null || !answer.complete()) {
            throw unavailable("answered JSON without account_ids, project_ids, projects, environment_ids "
                    + "or environments (or with nulls in them)");
        }
        return new Caller(null, Set.copyOf(answer.accountIds()),
                new Caller.Names(Set.copyOf(answer.projectIds()), Set.copyOf(answer.projects())),
                new Caller.Names(Set.copyOf(answer.environmentIds()), Set.copyOf(answer.environments())),
                false);
    }

    private UpstreamUnavailableException asUnavailable(@Nullable Throwable failure) {
        Throwable f = failure;
        while ((f instanceof CompletionException || f instanceof ExecutionException) && f.getCause() != null) {
            f = f.getCause();
        }
        if (f instanceof UpstreamUnavailableException u) {
            return u;
        }
        String reason;
        if (f instanceof HttpConnectTimeoutException) {
            reason = "connect timed out";
        } else if (f instanceof HttpTimeoutException || f instanceof TimeoutException) {
            reason = "no answer within " + requestTimeout.toMillis() + " ms";
        } else if (f instanceof BodyTooLargeException) {
            reason = "answered a body over " + MAX_BODY_BYTES + " bytes";
        } else if (f instanceof ConnectException) {
            reason = "connection refused";
        } else {
            reason = f == null ? "unknown failure" : f.getClass().getSimpleName();
        }
        return unavailable(reason);
    }

    private UpstreamUnavailableException unavailable(String reason) {
        String detail = "Datacoves token check at " + safeUrl + ": " + reason;
        LOG.warn("{}", detail);
        return new UpstreamUnavailableException(UNAVAILABLE, detail);
    }

    /** 2xx bodies are read up to {@link #MAX_BODY_BYTES}; other bodies are discarded (only the status counts). */
    private static HttpResponse.BodySubscriber<byte[]> limitedBody(HttpResponse.ResponseInfo info) {
        if (info.statusCode() / 100 != 2) {
            return HttpResponse.BodySubscribers.replacing(new byte[0]);
        }
        return new LimitedBody(MAX_BODY_BYTES);
    }

    private static boolean sendable(@Nullable String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_CHARS || key.startsWith(ApiKeys.KEY_PREFIX)) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static URI parseUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jade.datacoves.verify-url is not a URL");
        }
        if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException("jade.datacoves.verify-url must be an absolute http(s) URL");
        }
        return uri;
    }

    private static String withoutSecrets(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Datacoves' answer, the fields Jade reads (snake_case on the wire). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Answer(@Nullable List<String> permissions, @Nullable List<Long> accountIds, @Nullable List<String> accounts,
                  @Nullable List<Long> projectIds, @Nullable List<String> projects,
                  @Nullable List<Long> environmentIds, @Nullable List<String> environments) {

        boolean complete() {
            return noNulls(accountIds) && noNulls(projectIds) && noNulls(projects) && noNulls(environmentIds)
                    && noNulls(environments);
        }

        private static boolean noNulls(@Nullable List<?> list) {
            return list != null && list.stream().allMatch(Objects::nonNull);
        }
    }

    /** What one call to Datacoves ended with: a caller ("yes"), neither ("no"), or a failure to throw. */
    private record Outcome(@Nullable Caller caller, @Nullable UpstreamUnavailableException failure) {
        static final Outcome NO = new Outcome(null, null);

        static Outcome failed(UpstreamUnavailableException failure) {
            return new Outcome(null, failure);
        }
    }

    /** A body larger than the limit. */
    private static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("body too large");
        }
    }

    /** Collects a body up to a limit; cancels the exchange and fails once it is exceeded. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final int limit;
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (buffer.size() + item.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLargeException());
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                buffer.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return result;
        }
    }
}
