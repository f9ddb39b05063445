package com.datacoves.jade.clients;

import io.micronaut.json.tree.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Go's encoding/json decoding rules for the Go field types the dbt Cloud Terraform provider declares: a JSON value
 * that Go would refuse for the field (e.g. an array for {@code *string}, a fraction for {@code int}) fails the test.
 * JSON null decodes into any Go type; an absent field is left at its zero value.
 */
final class GoJson {

    private GoJson() {
    }

    /** Checks every {@code field → Go type} of {@code fields} against the object {@code o}. */
    static void decodes(JsonNode o, Map<String, String> fields, String where) {
        assertTrue(o.isObject(), where + ": a JSON object");
        fields.forEach((field, type) -> decodes(o.get(field), type, where + "." + field));
    }

    /**
     * Whether Go decodes {@code v} into {@code type}: {@code string}, {@code *string}, {@code int} (also int64,
     * {@code *int}), {@code bool}, {@code *bool}, {@code struct}, {@code []string}, {@code []int}, {@code any}.
     */
    static void decodes(JsonNode v, String type, String where) {
        if (v == null || v.isNull() || type.equals("any")) {
            return;
        }
        String t = type.startsWith("*") ? type.substring(1) : type;
        boolean ok = switch (t) {
            case "string" -> v.isString();
            case "int" -> isInteger(v);
            case "bool" -> v.isBoolean();
            case "struct" -> v.isObject();
            case "[]string" -> v.isArray() && all(v, n -> n.isString());
            case "[]int" -> v.isArray() && all(v, GoJson::isInteger);
            default -> throw new IllegalArgumentException(type);
        };
        if (!ok) {
            fail(where + ": Go cannot decode " + v.getValue() + " into " + type);
        }
    }

    private static boolean isInteger(JsonNode v) {
        if (!v.isNumber()) {
            return false;
        }
        Number n = v.getNumberValue();
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof BigInteger
                || (n instanceof BigDecimal d && d.scale() <= 0);
    }

    private static boolean all(JsonNode array, java.util.function.Predicate<JsonNode> p) {
        for (JsonNode n : array.values()) {
            if (!p.test(n)) {
                return false;
            }
        }
        return true;
    }
}
