package com.datacoves.jade.auth;

import com.datacoves.jade.support.JadeProcess;
import com.datacoves.jade.support.JadeTest;
import com.datacoves.jade.support.TestDatabases;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The management command as an admin runs it (a separate JVM on the same databases as the running server):
 * create a key, use it, list, delete it, and see 401 on the next call.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenCommandTest extends JadeTest {

    @Value("${jade.test.database-prefix}")
    String prefix;

    private Map<String, String> env() {
        String base = TestDatabases.server().jdbcUrl("").replace("jdbc:postgresql://", "postgres://postgres@");
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", base + prefix + "jade");
        env.put("DATACOVES_DB_URL", base + prefix + "datacoves");
        return env;
    }

    private int status(String key) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET("/api/v2/healthcheck")).code() == 200
                    ? http.toBlocking().exchange(HttpRequest.GET("/api/internal/environments/dev123/files?tag=x")
                    .header("Authorization", "Token " + key)).code() : -1;
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void createUseListDelete() throws Exception {
        JadeProcess.Result created = JadeProcess.run(env(), 90, "tokens", "create", "--account", "1", "--name", "bigeye");
        assertEquals(0, created.exitCode(), created.err());
        String key = created.out().strip();
        assertTrue(key.startsWith("jade_") && key.length() == 48, key);
        assertTrue(created.err().contains("never shown again"), created.err());
        assertTrue(status(key) != 401, "a fresh key authenticates");

        JadeProcess.Result listed = JadeProcess.run(env(), 90, "tokens", "list", "--account", "1");
        assertEquals(0, listed.exitCode(), listed.err());
        assertTrue(listed.out().contains("bigeye"), listed.out());
        assertFalse(listed.out().contains(key.substring(5, 13)), "list never shows keys or prefixes");
        assertFalse(listed.out().contains("$2a$"), "list never shows hashes");

        String id = listed.out().lines().filter(l -> l.contains("bigeye")).findFirst().orElseThrow().trim().split("\\s+")[0];
        JadeProcess.Result deleted = JadeProcess.run(env(), 90, "tokens", "delete", "--id", id);
        assertEquals(0, deleted.exitCode(), deleted.err());
        // another process deleted it: this server forgets it within the cache TTL (0 s in this test)
        assertEquals(401, status(key));
    }

    @Test
    void unknownAccountAndBadArgumentsEndWithOneLine() throws Exception {
        JadeProcess.Result unknown = JadeProcess.run(env(), 90, "tokens", "create", "--account", "999");
        assertEquals(1, unknown.exitCode());
        assertEquals("jade: account 999 does not exist in the Datacoves database", unknown.err().strip());
        JadeProcess.Result bad = JadeProcess.run(env(), 90, "tokens", "create", "--account", "abc");
        assertEquals(2, bad.exitCode());
        JadeProcess.Result missingDb = JadeProcess.run(Map.of("DB_PORT", "1", "DB_HOST", "127.0.0.1"), 90,
                "tokens", "list");
        assertEquals(1, missingDb.exitCode());
        assertTrue(missingDb.err().strip().startsWith("jade: cannot connect to the jade database"), missingDb.err());
    }

    @Test
    void adminRoutesNeedTheInternalBearerToken() {
        Map<String, Object> body = Map.of("token", Map.of("account_id", 2, "name", "ops"));
        HttpClientResponseException denied = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                .exchange(HttpRequest.POST("/api/internal/tokens", body).bearerAuth("wrong")));
        assertEquals(401, denied.getStatus().getCode());
        @SuppressWarnings("unchecked")
        Map<String, Object> created = http.toBlocking().retrieve(HttpRequest.POST("/api/internal/tokens", body)
                .bearerAuth("test-internal-token"), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) created.get("data");
        assertEquals(2, ((Number) data.get("account_id")).intValue());
        String key = (String) data.get("token");
        assertTrue(status(key) != 401);
        assertEquals(204, http.toBlocking().exchange(HttpRequest.DELETE("/api/internal/tokens/2")
                .bearerAuth("test-internal-token")).code());
        assertEquals(401, status(key), "revocation through this instance is immediate");
    }

    @Test
    @SuppressWarnings("unchecked")
    void allowTriggerIsGrantedExplicitly() throws Exception {
        JadeProcess.Result created = JadeProcess.run(env(), 90, "tokens", "create", "--account", "1", "--name",
                "airflow-ops", "--allow-trigger");
        assertEquals(0, created.exitCode(), created.err());
        assertTrue(tokenService.verify(created.out().strip()).orElseThrow().allowTrigger());
        JadeProcess.Result listed = JadeProcess.run(env(), 90, "tokens", "list", "--account", "1");
        assertTrue(listed.out().lines().findFirst().orElseThrow().contains("ALLOW_TRIGGER"), listed.out());
        String row = listed.out().lines().filter(l -> l.contains("airflow-ops")).findFirst().orElseThrow();
        assertEquals("true", row.trim().split("\\s+")[3], row);

        Map<String, Object> body = Map.of("token", Map.of("account_id", 1, "allow_trigger", true));
        Map<String, Object> data = (Map<String, Object>) http.toBlocking().retrieve(HttpRequest
                .POST("/api/internal/tokens", body).bearerAuth("test-internal-token"), Map.class).get("data");
        assertEquals(true, data.get("allow_trigger"));
        assertTrue(tokenService.verify((String) data.get("token")).orElseThrow().allowTrigger());
        Map<String, Object> plain = (Map<String, Object>) http.toBlocking().retrieve(HttpRequest
                .POST("/api/internal/tokens", Map.of("token", Map.of("account_id", 1))).bearerAuth("test-internal-token"),
                Map.class).get("data");
        assertEquals(false, plain.get("allow_trigger"));
        assertFalse(tokenService.verify((String) plain.get("token")).orElseThrow().allowTrigger(), "default: no");
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.tokens.cache-seconds", "0");
    }
}
