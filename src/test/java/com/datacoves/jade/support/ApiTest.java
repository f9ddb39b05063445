package com.datacoves.jade.support;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link JadeTest} with helpers for the dbt Cloud routes: GET as account 1 (or another), read envelopes. */
public abstract class ApiTest extends JadeTest {

    /** GET {@code path} as account 1; the parsed 200 body. */
    protected Map<String, Object> get(String path) {
        return getAs(1, path);
    }

    /** GET {@code path} as {@code account}; the parsed 200 body. */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> getAs(long account, String path) {
        return http.toBlocking().retrieve(HttpRequest.GET(path).header("Authorization", tokenHeader(account)), Map.class);
    }

    /** GET that must fail with {@code status}; returns the error body. */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> error(int status, String path) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.GET(path).header("Authorization", tokenHeader(1)), Map.class),
                path);
        assertEquals(status, e.getStatus().getCode(), path);
        Map<String, Object> body = e.getResponse().getBody(Map.class).orElseThrow();
        Map<String, Object> st = (Map<String, Object>) body.get("status");
        assertEquals(status, ((Number) st.get("code")).intValue(), path);
        assertEquals(false, st.get("is_success"), path);
        assertEquals(null, body.get("data"), path);
        return body;
    }

    /** The {@code data} list of a list body. */
    @SuppressWarnings("unchecked")
    protected static List<Map<String, Object>> data(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("data");
    }

    /** The {@code data} object of a single-object body. */
    @SuppressWarnings("unchecked")
    protected static Map<String, Object> object(Map<String, Object> body) {
        return (Map<String, Object>) body.get("data");
    }

    /** {@code extra.<name>} as a map. */
    @SuppressWarnings("unchecked")
    protected static Map<String, Object> extra(Map<String, Object> body, String name) {
        return (Map<String, Object>) ((Map<String, Object>) body.get("extra")).get(name);
    }

    /** {@code extra.pagination.total_count}. */
    protected static long total(Map<String, Object> body) {
        return ((Number) extra(body, "pagination").get("total_count")).longValue();
    }

    /** {@code extra.pagination.count}. */
    protected static int count(Map<String, Object> body) {
        return ((Number) extra(body, "pagination").get("count")).intValue();
    }

    /** A numeric field as long. */
    protected static long num(Map<String, Object> o, String field) {
        return ((Number) o.get(field)).longValue();
    }

    /** The ids of a list's items. */
    protected static List<Long> ids(List<Map<String, Object>> items) {
        List<Long> out = new ArrayList<>();
        items.forEach(i -> out.add(num(i, "id")));
        return out;
    }

    /** Every item of a list route, paging by 100 (dbt-cloud-cli --paginate style). */
    protected List<Map<String, Object>> all(String path) {
        List<Map<String, Object>> out = new ArrayList<>();
        String sep = path.contains("?") ? "&" : "?";
        long offset = 0;
        while (true) {
            Map<String, Object> page = get(path + sep + "limit=100&offset=" + offset);
            out.addAll(data(page));
            offset += count(page);
            if (offset >= total(page) || count(page) == 0) {
                return out;
            }
        }
    }
}
