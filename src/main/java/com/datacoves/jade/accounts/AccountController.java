package com.datacoves.jade.accounts;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.dbtcloud.Enveloped;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.Extra;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestAttribute;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * dbt Cloud accounts: {@code GET /api/v2/accounts/}, {@code /api/v3/accounts/} (the caller's accounts) and
 * {@code GET /api/v2/accounts/{id}/}. Answered on the event loop when the account is cached.
 */
@Controller
@Tag(name = "dbt Cloud: accounts")
public class AccountController {

    private final AccountService accounts;

    /** Serves the account routes. */
    public AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    /** {@code GET /api/v2/accounts/} (deprecated in dbt Cloud): the caller's accounts. */
    @Get("/api/v2/accounts")
    @Operation(summary = "List accounts (v2)", description = "The key's own accounts, as a list with extra.")
    @ApiResponse(responseCode = "200", description = "the caller's accounts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.AccountList.class)))
    public CompletableFuture<Envelope> listV2(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return list(caller);
    }

    /**
     * {@code GET /}: the caller's accounts, as {@code GET /api/v2/accounts/}. Airflow's dbt Cloud provider calls the
     * host root for its connection test and for {@code list_accounts()}; dbt Cloud answers 200 there, so a connection
     * whose key works tests green and a wrong key gets 401 (docs/clients.md).
     */
    @Get("/")
    @Operation(summary = "Host root: the key's accounts", description = "Same answer as GET /api/v2/accounts/.")
    @ApiResponse(responseCode = "200", description = "the caller's accounts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.AccountList.class)))
    public CompletableFuture<Envelope> root(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return list(caller);
    }

    /** {@code GET /api/v3/accounts/}: the caller's accounts. */
    @Get("/api/v3/accounts")
    @Operation(summary = "List accounts (v3)", description = "The key's own accounts, as a list with extra.")
    @ApiResponse(responseCode = "200", description = "the caller's accounts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.AccountList.class)))
    public CompletableFuture<Envelope> listV3(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return list(caller);
    }

    /** {@code GET /api/v2/accounts/{account_id}/}: the account; 404 when Datacoves no longer has it. */
    @Get("/api/v2/accounts/{accountId}")
    @Operation(summary = "Retrieve account", description = "dbt Cloud AccountResponse of the key's account.")
    @ApiResponse(responseCode = "200", description = "the account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneAccount.class)))
    public CompletableFuture<Envelope> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                           @PathVariable long accountId) {
        return accounts.get(caller, accountId).thenApply(Envelope::of);
    }

    private CompletableFuture<Envelope> list(Caller caller) {
        return accounts.list(caller).thenApply(data -> {
            Map<String, Object> filters = new LinkedHashMap<>();
            filters.put("pk__in", caller.accountIds().stream().sorted().toList());
            filters.put("limit", 100);
            filters.put("offset", 0);
            return Envelope.list(data, new Extra(filters, null, new Extra.Pagination(data.size(), data.size())));
        });
    }
}
