package com.datacoves.jade.auth;

import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Jade key's life through real HTTP, with the key cache off so that each request checks afresh: it works, stops
 * working while Datacoves has its account deactivated, works again after reactivation, and stops for good when
 * revoked. Unknown keys stay 401 however often they are tried.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyLifecycleTest extends JadeTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.tokens.cache-seconds", "0", "jade.datacoves.cache-seconds", "0");
    }

    int status(String key) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET("/api/v2/accounts/2/").header("Authorization",
                    "Token " + key)).code();
        } catch (HttpClientResponseException e) {
            return e.code();
        }
    }

    @Test
    void deactivatedAccountsKeysAreRefusedAndRevokedKeysStayRevoked() throws Exception {
        CreatedToken key = tokenService.create(2, "lifecycle");
        assertEquals(200, status(key.token()));
        execute("datacoves", "UPDATE users_account SET deactivated_at = now() WHERE id = 2");
        assertEquals(401, status(key.token()));
        execute("datacoves", "UPDATE users_account SET deactivated_at = NULL WHERE id = 2");
        assertEquals(200, status(key.token()));
        tokenService.delete(key.id());
        assertEquals(401, status(key.token()));
    }

    @Test
    void unknownKeysStay401() {
        String guess = keyFor(1).substring(0, keyFor(1).length() - 4) + "zzzz"; // shares the real key's lookup prefix
        for (int i = 0; i < 5; i++) {
            assertEquals(401, status(guess));
        }
        assertEquals(200, status(keyFor(2)));
    }
}
