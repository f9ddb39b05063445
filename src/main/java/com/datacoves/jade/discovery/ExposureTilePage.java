package com.datacoves.jade.discovery;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The data health tile as HTML, for an iframe or a BI tool's web-page object (docs/discovery.md, "Data health tile"):
 * the exposure's name, its state ({@code Pass}, {@code Failure}, {@code Stale}), a freshness line and a quality line,
 * and when the newest check ran (UTC). Self-contained: inline styles, no script, no link, no image. Every text from
 * a manifest is HTML-escaped. The figures are also in {@code data-} attributes, for scripts that read the tile.
 */
final class ExposureTilePage {

    private static final Escaper HTML = HtmlEscapers.htmlEscaper();
    private static final DateTimeFormatter CHECKED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT);
    private static final String STYLE = """
            body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933}
            .tile{padding:12px 16px;border-left:6px solid var(--c)}
            .pass{--c:#2e9e5b}.failure{--c:#d64545}.stale{--c:#e09b1a}.none{--c:#9aa5b1}
            h1{font-size:16px;margin:0 0 4px}
            .state{font-weight:600;color:var(--c);margin:0 0 8px}
            ul{list-style:none;padding:0;margin:0 0 8px}li{margin:2px 0}li span{color:#616e7c}
            .checked{font-size:12px;color:#616e7c;margin:0}""";

    private ExposureTilePage() {
    }

    /** The whole page, UTF-8 HTML. */
    static String render(ExposureHealth h) {
        ExposureHealth.Status status = h.status();
        String state = switch (status) {
            case PASS -> "Pass";
            case FAILURE -> "Failure";
            case STALE -> "Stale";
        };
        String freshness;
        String freshnessClass;
        if (h.checked() == 0) {
            freshness = "Data freshness not checked";
            freshnessClass = "none";
        } else if (h.stale() > 0) {
            freshness = "Data may be stale";
            freshnessClass = "stale";
        } else {
            freshness = "Data freshness passed";
            freshnessClass = "pass";
        }
        String freshnessDetail = h.stale() > 0
                ? h.stale() + " of " + h.checked() + " checked sources stale"
                : h.checked() + " of " + h.sources() + " sources checked";
        String quality;
        String qualityClass;
        if (h.degraded()) {
            quality = "Data quality degraded";
            qualityClass = "failure";
        } else if (h.testsRun() == 0) {
            quality = "Data quality not tested";
            qualityClass = "none";
        } else {
            quality = "Data quality passed";
            qualityClass = "pass";
        }
        String qualityDetail = h.testsFailed() + " of " + h.testsRun() + " tests failed"
                + (h.buildsFailed() > 0 ? ", " + h.buildsFailed() + " upstream builds failed" : "");
        String checked = h.lastCheckedAt() == null ? "Not checked yet"
                : "Last checked " + CHECKED.format(h.lastCheckedAt().withOffsetSameInstant(ZoneOffset.UTC));
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>" + HTML.escape(h.name()) + " · data health</title><style>" + STYLE + "</style></head>\n"
                + "<body><div class=\"tile " + status.name().toLowerCase(Locale.ROOT) + "\""
                + " data-exposure=\"" + HTML.escape(h.uniqueId()) + "\""
                + " data-status=\"" + status.name().toLowerCase(Locale.ROOT) + "\""
                + " data-sources=\"" + h.sources() + "\" data-sources-checked=\"" + h.checked() + "\""
                + " data-sources-stale=\"" + h.stale() + "\" data-tests=\"" + h.tests() + "\""
                + " data-tests-run=\"" + h.testsRun() + "\" data-tests-failed=\"" + h.testsFailed() + "\""
                + " data-builds-failed=\"" + h.buildsFailed() + "\">\n"
                + "<h1>" + HTML.escape(h.name()) + "</h1>\n"
                + "<p class=\"state\">" + state + "</p>\n"
                + "<ul><li class=\"" + freshnessClass + "\">" + freshness
                + " <span>(" + freshnessDetail + ")</span></li>"
                + "<li class=\"" + qualityClass + "\">" + quality + " <span>(" + qualityDetail + ")</span></li></ul>\n"
                + "<p class=\"checked\">" + checked + "</p>\n"
                + "</div></body></html>\n";
    }
}
