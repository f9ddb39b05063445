package com.datacoves.jade.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the only values of the golden objects that depend on the wall clock or on the test server's port by fixed
 * placeholders, wherever in the tree a field of that name appears (top level or nested: an embedded job, run, the
 * most recent runs of a job). Nothing else is touched, and a {@code null} stays {@code null} (it does not depend on
 * the clock), so a field that should be null but is not still fails.
 *
 * <table>
 *   <caption>Normalised fields</caption>
 *   <tr><th>field</th><th>why it varies</th><th>placeholder</th></tr>
 *   <tr><td>{@code created_at_humanized}, {@code finished_at_humanized} (runs)</td>
 *       <td>"… ago": the server's {@code Instant.now()} against the demo's fixed dates</td>
 *       <td>{@value #RELATIVE_TO_NOW}</td></tr>
 *   <tr><td>{@code next_run_humanized} (scheduled jobs)</td>
 *       <td>"in …" / "… ago": the same</td><td>{@value #RELATIVE_TO_NOW}</td></tr>
 *   <tr><td>{@code href} (runs)</td><td>the test server listens on a free port: only the {@code host:port} of
 *       {@code scheme://host:port/path} is replaced, scheme and path are kept</td>
 *       <td>{@value #HOST_PORT}</td></tr>
 * </table>
 *
 * Not normalised, because the golden tests choose objects for which they are deterministic: every {@code duration},
 * {@code queued_duration}, {@code run_duration} and their humanized texts (only finished runs are shown, so none runs
 * to "now"); jobs' {@code created_at}/{@code updated_at} (GoldenJsonTest pins them in Jade's database, as Jade sets them
 * when it first indexes a DAG); ids (GoldenJsonTest indexes the environments one at a time, in id order).
 */
final class GoldenNormaliser {

    /** Placeholder of a text relative to the current time. */
    static final String RELATIVE_TO_NOW = "<relative to now>";

    /** Placeholder of the {@code host:port} part of a link. */
    static final String HOST_PORT = "<host:port>";

    /** The normalised fields, each with its replacement rule. */
    static final List<String> FIELDS = List.of("created_at_humanized", "finished_at_humanized", "next_run_humanized",
            "href");

    private static final Pattern LINK = Pattern.compile("^(https?://)[^/]+(/.*)?$");

    private GoldenNormaliser() {
    }

    /** A normalised deep copy of {@code tree}. */
    static JsonNode normalise(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        walk(copy);
        return copy;
    }

    private static void walk(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            o.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> f : fields) {
                JsonNode v = f.getValue();
                if (v.isTextual()) {
                    String replaced = replace(f.getKey(), v.asText());
                    if (replaced != null) {
                        o.set(f.getKey(), TextNode.valueOf(replaced));
                    }
                } else {
                    walk(v);
                }
            }
        } else if (node.isArray()) {
            node.forEach(GoldenNormaliser::walk);
        }
    }

    /** The placeholder for a text value of this field, or null to keep the value. */
    private static String replace(String field, String value) {
        switch (field) {
            case "created_at_humanized", "finished_at_humanized", "next_run_humanized":
                return RELATIVE_TO_NOW;
            case "href":
                Matcher m = LINK.matcher(value);
                return m.matches() ? m.group(1) + HOST_PORT + (m.group(2) == null ? "" : m.group(2)) : null;
            default:
                return null;
        }
    }
}
