package com.datacoves.jade.auth;

import com.datacoves.jade.common.UpstreamUnavailableException;
import com.datacoves.jade.support.DatacovesVerifyStub;
import com.datacoves.jade.support.DatacovesVerifyStub.Mode;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link DatacovesTokens} against a real HTTP server answering like Datacoves' token check. */
class DatacovesTokensTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    /** A Datacoves (knox) token: 64 hex characters. */
    private static final String KEY = "3f9c2a7be1d04c6f8a5b9e0d1c2f3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9d0e1";
    private static final String OTHER_KEY = "aa9c2a7be1d04c6f8a5b9e0d1c2f3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9d0ff";
    private static final String ANSWER = """
            {"email":"svc-airflow@example.com","name":"Airflow service account",
             "permissions":["acme:analytics:prod|workbench:airflow|write","acme:analytics|services:airbyte|read"],
             "account_ids":[1,2],"accounts":["acme","beta"],
             "project_ids":[10],"projects":["analytics"],
             "environment_ids":[100,101],"environments":["prod","dev"]}""";

    private DatacovesVerifyStub stub;

    @BeforeEach
    void start() throws Exception {
        stub = new DatacovesVerifyStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private DatacovesTokens tokens(long cacheSeconds) {
        return new DatacovesTokens(JSON, stub.url(), cacheSeconds, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void knownTokenBecomesItsScopeAndIsSentAsTokenHeader() {
        stub.token(KEY, ANSWER);
        DatacovesTokens tokens = tokens(60);

        Caller caller = tokens.verify(KEY).orElseThrow();

        assertEquals(null, caller.tokenId());
        assertEquals(Set.of(1L, 2L), caller.accountIds());
        assertEquals(new Caller.Names(Set.of(10L), Set.of("analytics")), caller.projects());
        assertEquals(new Caller.Names(Set.of(100L, 101L), Set.of("prod", "dev")), caller.environments());
        assertFalse(caller.allowTrigger(), "Datacoves tokens never trigger runs, even with an Airflow write permission");
        assertEquals("GET", stub.lastMethod());
        assertEquals("Token " + KEY, stub.lastAuthorization());
        assertEquals(1, stub.requests());
    }

    @Test
    void emptyListsReachNothingRatherThanEverything() {
        stub.token(KEY, """
                {"permissions":[],"account_ids":[],"accounts":[],"project_ids":[],"projects":[],
                 "environment_ids":[],"environments":[]}""");

        Caller caller = tokens(60).verify(KEY).orElseThrow();

        assertEquals(Set.of(), caller.accountIds());
        assertEquals(new Caller.Names(Set.of(), Set.of()), caller.projects());
        assertEquals(new Caller.Names(Set.of(), Set.of()), caller.environments());
        assertFalse(caller.reachesAccount(1));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404})
    void unknownTokenIsNoAndNotCached(int status) {
        stub.unknownStatus(status);
        DatacovesTokens tokens = tokens(60);

        assertEquals(Optional.empty(), tokens.verify(KEY));
        assertEquals(Optional.empty(), tokens.verifyCached(KEY));
        assertEquals(Optional.empty(), tokens.verify(KEY));

        assertEquals(2, stub.requests(), "a no is asked again each time");
    }

    @Test
    void tokenKnownLaterIsAcceptedAtOnce() {
        DatacovesTokens tokens = tokens(60);
        assertEquals(Optional.empty(), tokens.verify(KEY));

        stub.token(KEY, ANSWER);

        assertEquals(Set.of(1L, 2L), tokens.verify(KEY).orElseThrow().accountIds());
    }

    @Test
    void yesIsCachedWithinTheTtlAndServedWithoutIo() {
        stub.token(KEY, ANSWER);
        DatacovesTokens tokens = tokens(60);
        assertEquals(Optional.empty(), tokens.verifyCached(KEY), "nothing cached before the first check");

        Caller first = tokens.verify(KEY).orElseThrow();
        stub.revoke(KEY);
        Caller second = tokens.verify(KEY).orElseThrow();
        Caller cached = tokens.verifyCached(KEY).orElseThrow();

        assertEquals(first, second);
        assertEquals(first, cached);
        assertEquals(1, stub.requests());
        assertEquals(Optional.empty(), tokens.verifyCached(OTHER_KEY));
    }

    @Test
    void withZeroTtlEveryCheckAsksDatacovesSoRevocationIsSeenAtOnce() {
        stub.token(KEY, ANSWER);
        DatacovesTokens tokens = tokens(0);

        assertTrue(tokens.verify(KEY).isPresent());
        stub.revoke(KEY);

        assertEquals(Optional.empty(), tokens.verify(KEY));
        assertEquals(2, stub.requests());
    }

    @Test
    void concurrentChecksOfOneKeyShareOneRequest() throws Exception {
        stub.token(KEY, ANSWER).hold();
        DatacovesTokens tokens = tokens(60);
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Thread> threads = new ArrayList<>();
        try {
            List<Future<Optional<Caller>>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    synchronized (threads) {
                        threads.add(Thread.currentThread());
                    }
                    return tokens.verify(KEY);
                }));
            }
            awaitTrue(() -> stub.requests() == 1, "the first check reaches Datacoves");
            awaitTrue(() -> {
                synchronized (threads) {
                    return threads.size() == callers && threads.stream().allMatch(t ->
                            t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
                }
            }, "all callers wait for the answer");
            stub.release();

            Caller expected = results.get(0).get().orElseThrow();
            assertEquals(Set.of(1L, 2L), expected.accountIds());
            for (Future<Optional<Caller>> result : results) {
                assertEquals(Optional.of(expected), result.get());
            }
            assertEquals(1, stub.requests());
        } finally {
            stub.release();
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SLOW", "ERROR_500", "MALFORMED", "OVERSIZED"})
    void datacovesMisbehavingIs503WithoutLeakingKeyOrUrl(Mode mode) {
        stub.token(KEY, ANSWER).mode(mode);
        DatacovesTokens tokens = new DatacovesTokens(JSON, stub.url(), 60, Duration.ofSeconds(2),
                Duration.ofMillis(500));

        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> tokens.verify(KEY));

        assertSafe(e);
        assertEquals(Optional.empty(), tokens.verifyCached(KEY), "a failure is not cached");
        stub.mode(Mode.NORMAL);
        assertEquals(Set.of(1L, 2L), tokens.verify(KEY).orElseThrow().accountIds(), "the next check asks again");
    }

    @Test
    void datacovesDownIs503WithoutLeakingKeyOrUrl() {
        String url = stub.url();
        stub.down();
        DatacovesTokens tokens = tokens(60);

        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> tokens.verify(KEY));

        assertSafe(e);
        assertTrue(e.detail().contains(url), "operators see where Jade looked: " + e.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"permissions\":[]}",
            "[1,2,3]",
            "{\"account_ids\":[\"acme\"],\"project_ids\":[],\"projects\":[],\"environment_ids\":[],\"environments\":[]}",
            "{\"account_ids\":[1,null],\"project_ids\":[],\"projects\":[],\"environment_ids\":[],\"environments\":[]}",
            "{\"account_ids\":[1],\"project_ids\":[],\"projects\":[],\"environment_ids\":[]}",
            ""})
    void answerOfTheWrongShapeIs503(String body) {
        stub.token(KEY, body);

        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> tokens(60).verify(KEY));

        assertSafe(e);
    }

    @Test
    void unexpectedStatusIs503() {
        stub.unknownStatus(429);

        assertSafe(assertThrows(UpstreamUnavailableException.class, () -> tokens(60).verify(KEY)));
    }

    @Test
    void disabledWithoutUrl() {
        for (String url : new String[]{null, "", "   "}) {
            DatacovesTokens tokens = new DatacovesTokens(JSON, url, 60, Duration.ofSeconds(2), Duration.ofSeconds(5));
            assertFalse(tokens.enabled());
            assertEquals(Optional.empty(), tokens.verify(KEY));
            assertEquals(Optional.empty(), tokens.verifyCached(KEY));
        }
        assertTrue(tokens(60).enabled());
        assertEquals(0, stub.requests());
    }

    @Test
    void badUrlIsRefusedAtStartup() {
        assertThrows(IllegalArgumentException.class,
                () -> new DatacovesTokens(JSON, "ftp://datacoves/verify", 60, Duration.ofSeconds(2), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class,
                () -> new DatacovesTokens(JSON, "datacoves/verify", 60, Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    @Test
    void keysThatCannotBeDatacovesTokensAreNeverSent() {
        DatacovesTokens tokens = tokens(60);
        for (String key : new String[]{null, "", ApiKeys.generate(), "abc def", "abc\r\nX-Injected: 1", "ключ",
                "a".repeat(DatacovesTokens.MAX_KEY_CHARS + 1)}) {
            assertEquals(Optional.empty(), tokens.verify(key));
            assertEquals(Optional.empty(), tokens.verifyCached(key));
        }
        assertEquals(0, stub.requests());
    }

    @Test
    void callsInFlightAreBounded() throws Exception {
        stub.token(KEY, ANSWER).token(OTHER_KEY, ANSWER).hold();
        DatacovesTokens tokens = new DatacovesTokens(JSON, stub.url(), 60, Duration.ofSeconds(2),
                Duration.ofSeconds(20), 1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<Caller>> first = pool.submit(() -> tokens.verify(KEY));
            awaitTrue(() -> stub.requests() == 1, "the first check reaches Datacoves");

            assertSafe(assertThrows(UpstreamUnavailableException.class, () -> tokens.verify(OTHER_KEY)));

            stub.release();
            assertEquals(Set.of(1L, 2L), first.get().orElseThrow().accountIds());
            assertEquals(Set.of(1L, 2L), tokens.verify(OTHER_KEY).orElseThrow().accountIds(), "the slot is freed");
            assertEquals(2, stub.requests());
        } finally {
            stub.release();
            pool.shutdownNow();
        }
    }

    private void assertSafe(UpstreamUnavailableException e) {
        URI url = URI.create(stub.url());
        assertEquals(DatacovesTokens.UNAVAILABLE, e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
        assertFalse(e.getMessage().contains(url.getHost()) || e.getMessage().contains(String.valueOf(url.getPort())));
        assertNotNull(e.detail());
        assertFalse(e.detail().contains(KEY), "the key is never in the log: " + e.detail());
        assertFalse(e.detail().contains(OTHER_KEY), "the key is never in the log: " + e.detail());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 2_000; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(5);
        }
        fail("timed out waiting until " + what);
    }
}
