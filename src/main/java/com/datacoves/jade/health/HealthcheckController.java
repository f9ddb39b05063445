package com.datacoves.jade.health;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The original Jade's liveness routes, at the same paths, 200 without authentication. The body is the JSON string
 * {@code "ok"} ({@code application/json}; the Elixir Jade sent the bare text {@code ok}, and probes read only the
 * status). They say the process serves HTTP; {@code GET /health} (Micronaut management) reports each database and the storage.
 */
@Controller
@Tag(name = "Health")
public class HealthcheckController {

    /** 200 {@code "ok"}. */
    @Get("/api/v2/healthcheck")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Liveness check (no authentication)")
    public String v2() {
        return "\"ok\"";
    }

    /** 200 {@code "ok"}, legacy path. */
    @Get("/api/internal/healthcheck")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Liveness check, legacy path (no authentication)")
    public String internal() {
        return "\"ok\"";
    }
}
