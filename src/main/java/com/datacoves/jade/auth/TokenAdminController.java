package com.datacoves.jade.auth;

import com.datacoves.jade.common.UnprocessableException;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

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

    /** Serves the token-admin routes; {@link TokenAdminFilter} checks the admin secret first. */
    public TokenAdminController(TokenService tokens) {
        this.tokens = tokens;
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
    public HttpResponse<Map<String, Object>> create(@Body CreateRequest request) {
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
    public HttpResponse<Void> delete(@PathVariable long accountId) {
        tokens.deleteByAccount(accountId);
        return HttpResponse.noContent();
    }
}
