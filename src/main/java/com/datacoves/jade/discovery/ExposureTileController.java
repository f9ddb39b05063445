package com.datacoves.jade.discovery;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.InvalidInputException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * {@code GET /exposure-tile}: dbt Cloud's data health tile, the HTML page BI dashboards embed to show whether the data
 * behind them is fresh and tested (docs/discovery.md, "Data health tile"). Either
 * {@code ?uniqueId=exposure.<package>.<name>&environmentId=<id>} ({@code environmentType} is accepted and not needed:
 * the id names the environment) or the older {@code ?name=<exposure name>&jobId=<id>}. The key comes as
 * {@code ?token=<key>}, as dbt Cloud's embed URLs carry it, or in an {@code Authorization} header. Errors are JSON,
 * as on every route: 400 for a query that names no exposure, 401 without a usable key, 404 for an environment, job or
 * exposure that does not exist or that the key does not reach.
 */
@Controller
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExposureTileController {

    private final ExposureTileService tiles;

    /** Over the tile's rules. */
    public ExposureTileController(ExposureTileService tiles) {
        this.tiles = tiles;
    }

    /** The tile of one exposure, as HTML that no cache keeps and that sends no referrer (its URL holds a key). */
    @Get(uri = "/exposure-tile", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> tile(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                     @Nullable @QueryValue String uniqueId, @Nullable @QueryValue String environmentId,
                                     @Nullable @QueryValue String name, @Nullable @QueryValue String jobId) {
        ExposureHealth health = tiles.health(caller, new ExposureTileService.TileQuery(blankToNull(uniqueId),
                id("environmentId", environmentId), blankToNull(name), id("jobId", jobId)));
        return HttpResponse.ok(ExposureTilePage.render(health))
                .contentType(MediaType.TEXT_HTML + ";charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    }

    @Nullable
    private static Long id(String parameter, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(parameter + " must be a number");
        }
    }

    @Nullable
    private static String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
