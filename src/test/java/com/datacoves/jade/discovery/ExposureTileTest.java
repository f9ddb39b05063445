package com.datacoves.jade.discovery;

import com.datacoves.jade.manifests.Artifacts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dbt Cloud's data health tile, {@code GET /exposure-tile}, as a dashboard's iframe loads it: jaffle_shop's manifest
 * with three dashboards added as exposures is uploaded for environment prd456 with a build's run_results (one test
 * on customers failed, the orders model failed to build) and a sources.json (raw_orders stale). Each tile's figures
 * are checked against what the uploaded files say about the nodes upstream of its exposure (the manifest's
 * {@code parent_map}).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExposureTileTest extends DiscoveryTestBase {

    private static final String KPIS = "exposure.jaffle_shop.weekly_kpis";
    private static final String CUSTOMER_LIST = "exposure.jaffle_shop.customer_list";
    private static final String ORDER_BOARD = "exposure.jaffle_shop.order_board";
    private static final String FAILED_TEST = "test.jaffle_shop.not_null_customers_customer_id.5c9bf9911d";
    private static final String FAILED_MODEL = "model.jaffle_shop.orders";
    private static final Pattern DATA = Pattern.compile("data-([a-z-]+)=\"([^\"]*)\"");

    private JsonNode manifest;
    private final Map<String, String> status = new HashMap<>();
    private String airflowRun;

    @BeforeAll
    void uploadAProjectWithDashboards() throws Exception {
        ObjectNode m = (ObjectNode) JSON.readTree(Files.readAllBytes(Artifacts.named("jaffle_shop__manifest.json")));
        ObjectNode exposures = m.putObject("exposures");
        exposure(exposures, "weekly_kpis", "Weekly <KPIs> & more", "model.jaffle_shop.customers");
        exposure(exposures, "customer_list", null, "model.jaffle_shop.stg_customers");
        exposure(exposures, "order_board", "Order board", "model.jaffle_shop.stg_orders");
        manifest = m;
        airflowRun = uploadManifestTo("prd456", PRD456, JSON.writeValueAsBytes(m));

        ObjectNode build = buildResults("2099-01-01T06:00:00.000000Z");
        for (JsonNode r : build.get("results")) {
            String id = r.get("unique_id").asText();
            if (id.equals(FAILED_TEST)) {
                ((ObjectNode) r).put("status", "fail").put("failures", 2);
            } else if (id.equals(FAILED_MODEL)) {
                ((ObjectNode) r).put("status", "error");
            }
            status.put(id, r.get("status").asText());
        }
        uploadTo("prd456", airflowRun + "-run_results", "run_results.json", JSON.writeValueAsBytes(build));
        String sources = """
                {"metadata": {"generated_at": "2099-01-01T07:30:00Z"}, "results": [
                  {"unique_id": "source.jaffle_shop.ecom.raw_customers", "status": "pass",
                   "max_loaded_at": "2099-01-01T07:00:00Z", "snapshotted_at": "2099-01-01T07:30:00Z"},
                  {"unique_id": "source.jaffle_shop.ecom.raw_orders", "status": "warn",
                   "max_loaded_at": "2098-12-30T07:00:00Z", "snapshotted_at": "2099-01-01T07:30:00Z"}]}""";
        uploadTo("prd456", airflowRun + "-sources", "sources.json", sources.getBytes(StandardCharsets.UTF_8));
        poll(() -> {
            try (Connection c = database("jade"); ResultSet r = c.createStatement().executeQuery(
                    "SELECT count(*) FROM discovery_extractions WHERE environment_id = " + PRD456)) {
                r.next();
                return r.getInt(1) >= 3 ? true : null;
            }
        });
    }

    @Test
    void aDashboardWithAFailedTestAndAStaleSource() throws Exception {
        HttpResponse<byte[]> r = tile("uniqueId=" + KPIS + "&environmentType=production&environmentId=" + PRD456
                + "&token=" + keyFor(1));
        assertEquals(200, r.code());
        assertTrue(r.getContentType().orElseThrow().toString().startsWith("text/html"), r.getContentType().toString());
        assertEquals("no-store", r.getHeaders().get("Cache-Control"));
        assertEquals("no-referrer", r.getHeaders().get("Referrer-Policy"));
        String html = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(expected(KPIS, "failure"), data(html));
        assertTrue(html.contains("<h1>Weekly &lt;KPIs&gt; &amp; more</h1>"), html);
        assertFalse(html.contains("<KPIs>"), html);
        assertTrue(html.contains("Data quality degraded") && html.contains("Data may be stale"), html);
        assertTrue(html.contains("Last checked 2099-01-01 07:30 UTC"), html);
        assertTrue(html.contains("<p class=\"state\">Failure</p>"), html);
    }

    @Test
    void aHealthyDashboardAndAStaleOne() throws Exception {
        String pass = body(tile("uniqueId=" + CUSTOMER_LIST + "&environmentId=" + PRD456 + "&token=" + keyFor(1)));
        assertEquals(expected(CUSTOMER_LIST, "pass"), data(pass));
        assertTrue(pass.contains("<h1>customer_list</h1>"), "no label: the name; " + pass);
        assertTrue(pass.contains("Data freshness passed") && pass.contains("Data quality passed"), pass);

        String stale = body(tile("uniqueId=" + ORDER_BOARD + "&environmentId=" + PRD456 + "&token=" + keyFor(1)));
        assertEquals(expected(ORDER_BOARD, "stale"), data(stale));
        assertTrue(stale.contains("<p class=\"state\">Stale</p>"), stale);
    }

    /** The older job-based URL ({@code name}, {@code jobId}) and a key in the Authorization header answer alike. */
    @Test
    void theJobBasedUrlAndAHeaderKey() throws Exception {
        long job = indexedJob(PRD456, airflowRun);
        String byJob = body(tile("name=weekly_kpis&jobId=" + job + "&token=" + keyFor(1)));
        assertEquals(expected(KPIS, "failure"), data(byJob));
        HttpResponse<byte[]> header = call(HttpRequest.GET("/exposure-tile?uniqueId=" + KPIS + "&environmentId="
                + PRD456), 1);
        assertEquals(200, header.code());
        assertEquals(data(byJob), data(body(header)));
    }

    @Test
    void errorsAreJson() throws Exception {
        String ok = "uniqueId=" + KPIS + "&environmentId=" + PRD456;
        assertError(401, "Missing API Key", tile(ok));
        assertError(401, "Invalid API Key", tile(ok + "&token=not-a-key"));
        // account 2's key does not reach environment prd456 (account 1): answered as a missing environment
        assertError(404, "environment not found", tile(ok + "&token=" + keyFor(2)));
        assertError(404, "environment not found", tile("uniqueId=" + KPIS + "&environmentId=999&token=" + keyFor(1)));
        assertError(404, "exposure not found", tile("uniqueId=exposure.jaffle_shop.nope&environmentId=" + PRD456
                + "&token=" + keyFor(1)));
        assertError(404, "exposure not found", tile("uniqueId=" + CUSTOMERS + "&environmentId=" + PRD456
                + "&token=" + keyFor(1)));
        assertError(404, "job not found", tile("name=weekly_kpis&jobId=999999&token=" + keyFor(1)));
        assertError(400, "an exposure tile needs uniqueId and environmentId, or name and jobId",
                tile("uniqueId=" + KPIS + "&token=" + keyFor(1)));
        assertError(400, "environmentId must be a number", tile("uniqueId=" + KPIS + "&environmentId=prd"
                + "&token=" + keyFor(1)));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private HttpResponse<byte[]> tile(String query) {
        StringBuilder encoded = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            encoded.append(encoded.isEmpty() ? "" : "&").append(pair, 0, eq + 1)
                    .append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return exchange(HttpRequest.GET("/exposure-tile?" + encoded));
    }

    private static String body(HttpResponse<byte[]> r) {
        String text = r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(200, r.code(), text);
        return text;
    }

    private static void assertError(int code, String message, HttpResponse<byte[]> r) throws Exception {
        String text = r.getBody(String.class).orElse("");
        assertEquals(code, r.code(), text);
        JsonNode body = JSON.readTree(text);
        assertTrue(body.at("/errors/message").asText().startsWith(message), body.toString());
    }

    /** The tile's {@code data-} attributes. */
    private static Map<String, String> data(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = DATA.matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** The figures of an exposure's tile, computed from the manifest, the run_results and the sources.json uploaded. */
    private Map<String, String> expected(String exposure, String state) {
        Set<String> upstream = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        manifest.path("exposures").path(exposure).at("/depends_on/nodes").forEach(p -> todo.add(p.asText()));
        upstream.addAll(todo);
        while (!todo.isEmpty()) {
            manifest.path("parent_map").path(todo.pop()).forEach(p -> {
                if (upstream.add(p.asText())) {
                    todo.add(p.asText());
                }
            });
        }
        Set<String> checked = Set.of("source.jaffle_shop.ecom.raw_customers", "source.jaffle_shop.ecom.raw_orders");
        long sources = upstream.stream().filter(id -> id.startsWith("source.")).count();
        long sourcesChecked = upstream.stream().filter(checked::contains).count();
        long stale = upstream.contains("source.jaffle_shop.ecom.raw_orders") ? 1 : 0;
        Set<String> tests = new TreeSet<>();
        manifest.path("nodes").forEach(n -> {
            if (n.path("resource_type").asText().equals("test")) {
                n.at("/depends_on/nodes").forEach(p -> {
                    if (upstream.contains(p.asText())) {
                        tests.add(n.path("unique_id").asText());
                    }
                });
            }
        });
        long run = tests.stream().filter(status::containsKey).count();
        long failed = tests.stream().filter(t -> Set.of("fail", "error").contains(status.get(t))).count();
        long buildsFailed = upstream.stream().filter(id -> "error".equals(status.get(id))).count();
        assertTrue(run > 0, "tests with results upstream of " + exposure);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("exposure", exposure);
        out.put("status", state);
        out.put("sources", String.valueOf(sources));
        out.put("sources-checked", String.valueOf(sourcesChecked));
        out.put("sources-stale", String.valueOf(stale));
        out.put("tests", String.valueOf(tests.size()));
        out.put("tests-run", String.valueOf(run));
        out.put("tests-failed", String.valueOf(failed));
        out.put("builds-failed", String.valueOf(buildsFailed));
        return out;
    }

    private static void exposure(ObjectNode exposures, String name, String label, String parent) {
        ObjectNode e = exposures.putObject("exposure.jaffle_shop." + name);
        e.put("name", name).put("resource_type", "exposure").put("package_name", "jaffle_shop")
                .put("path", "dashboards.yml").put("original_file_path", "models/dashboards.yml")
                .put("unique_id", "exposure.jaffle_shop." + name).put("type", "dashboard")
                .put("description", "").put("maturity", "high").put("url", "https://bi.example.com/" + name);
        if (label == null) {
            e.putNull("label");
        } else {
            e.put("label", label);
        }
        ((ArrayNode) e.putArray("fqn")).add("jaffle_shop").add(name);
        e.putObject("owner").put("name", "Analytics").put("email", "analytics@example.com");
        ObjectNode dependsOn = e.putObject("depends_on");
        dependsOn.putArray("macros");
        dependsOn.putArray("nodes").add(parent);
        e.putObject("config").put("enabled", true);
        e.putArray("tags");
        e.putObject("meta");
    }
}
