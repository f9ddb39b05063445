package com.datacoves.jade.support;

import com.datacoves.jade.auth.TokenService;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.Map;

/**
 * Base of HTTP tests: the running server on fresh demo databases (see {@link TestDatabases}) and a real HTTP client.
 * Subclasses are annotated {@code @MicronautTest(transactional = false)} and
 * {@code @TestInstance(TestInstance.Lifecycle.PER_CLASS)}; they may override {@link #extraProperties()}.
 *
 * <p>Demo data: account 1 (projects 1, 2; environments 1 dev123, 2 prd456 with Airflow, 3 tst789 without), account 2
 * (project 3; environment 4 glx001 with Airflow). {@link #keyFor(long)} mints a real API key.
 */
public abstract class JadeTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    protected HttpClient http;

    @Inject
    protected TokenService tokenService;

    private final Map<Long, String> keys = new HashMap<>();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>();
        TestDatabases.fresh().forEach((k, v) -> p.put(k, String.valueOf(v)));
        p.put("micronaut.server.port", "-1"); // a free port: tests must not collide with a running demo
        p.putAll(extraProperties());
        return p;
    }

    /** Properties to add or override for this test class. */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    /** A live API key of the account (minted once per test class). */
    protected String keyFor(long accountId) {
        return keys.computeIfAbsent(accountId, a -> tokenService.create(a, "test").token());
    }

    /** {@code Token <key>} header value for the account. */
    protected String tokenHeader(long accountId) {
        return "Token " + keyFor(accountId);
    }
}
