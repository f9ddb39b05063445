package com.datacoves.jade.auth;

import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.micronaut.serde.annotation.Serdeable;

import java.time.OffsetDateTime;

/**
 * A newly minted key: the only object that ever holds the plaintext key.
 *
 * @param token     the key, {@code jade_} followed by 43 URL-safe characters (256 random bits); shown once
 * @param id        token id
 * @param accountId the account it reads
 * @param name      its label
 * @param createdAt    creation time, UTC
 * @param allowTrigger true when the key may start and stop runs
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record CreatedToken(String token, long id, long accountId, String name, OffsetDateTime createdAt,
                           boolean allowTrigger) {

    @Override
    public String toString() {
        return "CreatedToken[id=" + id + ", accountId=" + accountId + ", name=" + name + ", allowTrigger=" + allowTrigger + "]";
    }
}
