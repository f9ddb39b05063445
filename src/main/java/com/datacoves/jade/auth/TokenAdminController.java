package com.datacoves.jade.auth;

import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.UnprocessableException;
import com.datacoves.jade.common.UnauthorizedException;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Token administration over HTTP, as the original Jade's Insomnia collection had it. Both routes require
 * {@code Authorization: Bearer <INTERNAL_BEARER_TOKEN>} (compared in constant time) and answer 404 when that variable
 * is unset, so the routes do not exist unless an operator enables them.
 */
@Controller("/api/internal/tokens")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Token administration")
public class TokenAdminController {

    private final TokenService tokens;
    private final String internalBearerToken;

    public TokenAdminController(TokenService tokens,
                                @Nullable @Value("${jade.internal-bearer-token:}") String internalBearerToken) {
        this.tokens = tokens;
        this.internalBearerToken = internalBearerToken;
    }

    /**
     * Body of the create route: {@code {"token":{"account_id":N,"name":"…","allow_trigger":false}}}.
     *
     * @param token the token to create
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record CreateRequest(@Nullable NewToken token) {
    }

    /**
     * @param accountId the Datacoves account
     * @param name         optional label
     * @param allowTrigger true to let the key trigger, rerun and cancel runs (default false)
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record NewToken(@Nullable Long accountId, @Nullable String name, @Nullable Boolean allowTrigger) {
    }

    /** Mints a key for an account: 201 {@code {"data":{"token":"jade_…","id":…,"account_id":…,…}}}. */
    @Post
    @Operation(summary = "Create an API key for an account (admin)")
    public HttpResponse<Map<String, Object>> create(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                                    @Body CreateRequest request) {
        requireAdmin(authorization);
        if (request.token() == null || request.token().accountId() == null) {
            throw new UnprocessableException("token.account_id is required");
        }
        try {
            CreatedToken created = tokens.create(request.token().accountId(), request.token().name(),
                    Boolean.TRUE.equals(request.token().allowTrigger()));
            return HttpResponse.created(Map.of("data", created));
        } catch (UnknownAccountException | IllegalArgumentException e) {
            throw new UnprocessableException(e.getMessage());
        }
    }

    /** Revokes every key of the account: 204. */
    @Delete("/{accountId}")
    @Operation(summary = "Revoke all API keys of an account (admin)")
    public HttpResponse<Void> delete(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                     @PathVariable long accountId) {
        requireAdmin(authorization);
        tokens.deleteByAccount(accountId);
        return HttpResponse.noContent();
    }

    private void requireAdmin(String authorization) {
        if (internalBearerToken == null || internalBearerToken.isBlank()) {
            throw new NotFoundException();
        }
        String presented = AuthenticationFilter.presentedKey(authorization);
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                internalBearerToken.getBytes(StandardCharsets.UTF_8))) {
            throw new UnauthorizedException(AuthenticationFilter.INVALID);
        }
    }
}
