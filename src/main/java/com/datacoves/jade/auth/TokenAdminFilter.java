package com.datacoves.jade.auth;

import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.UnauthorizedException;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the token-admin routes ({@code /api/internal/tokens…}, {@link TokenAdminController}) before their body is
 * read or inflated: 404 when {@code INTERNAL_BEARER_TOKEN} is unset (the routes do not exist unless an operator
 * enables them, as in the original Jade), 401 unless {@code Authorization: Bearer <INTERNAL_BEARER_TOKEN>} (compared
 * in constant time).
 */
@ServerFilter({"/api/internal/tokens", "/api/internal/tokens/**"})
public class TokenAdminFilter {

    private final byte[] secret;

    /** Reads the admin secret ({@code jade.internal-bearer-token}). */
    public TokenAdminFilter(@Nullable @Value("${jade.internal-bearer-token:}") String internalBearerToken) {
        this.secret = internalBearerToken == null || internalBearerToken.isBlank() ? null
                : internalBearerToken.getBytes(StandardCharsets.UTF_8);
    }

    /** Lets the request through only with the admin secret. */
    @RequestFilter
    public Publisher<HttpRequest<?>> check(HttpRequest<?> request) {
        if (secret == null) {
            return Mono.error(new NotFoundException());
        }
        String presented = AuthenticationFilter.presentedKey(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), secret)) {
            return Mono.error(new UnauthorizedException(AuthenticationFilter.INVALID));
        }
        return Mono.just(request);
    }
}
