package com.datacoves.jade.clients;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A client that writes a request target byte for byte (no URI class in between, which would refuse or re-encode
 * {@code "}, {@code {}, {@code |}), as Go's net/http and Python's requests put it on the wire, and reads the JSON
 * answer as a tree that keeps JSON types (to check them as Go's encoding/json and pydantic would).
 */
final class RawClient {

    /** A response: status code and parsed JSON body. */
    record Response(int status, JsonNode body, String text) {
    }

    private final int port;
    private final String authorization;
    private final JsonMapper json;

    RawClient(int port, String authorization, JsonMapper json) {
        this.port = port;
        this.authorization = authorization;
        this.json = json;
    }

    /** GET {@code target} exactly as given (ASCII bytes) and parse the JSON answer. */
    Response get(String target) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: "
                    + authorization + "\r\nAccept: application/json\r\nUser-Agent: jade-client-test\r\n"
                    + "Connection: close\r\n\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            byte[] raw = s.getInputStream().readAllBytes();
            return parse(target, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET that must answer 200; the body. */
    JsonNode ok(String target) {
        Response r = get(target);
        assertEquals(200, r.status(), target + " → " + r.text());
        return r.body();
    }

    /** GET that must answer {@code status} in the dbt envelope ({@code status.code}, {@code is_success} false). */
    JsonNode error(int status, String target) {
        Response r = get(target);
        assertEquals(status, r.status(), target + " → " + r.text());
        assertTrue(r.body().isObject(), target + ": a JSON envelope");
        assertEquals(status, r.body().get("status").get("code").getIntValue(), target);
        assertEquals(false, r.body().get("status").get("is_success").getBooleanValue(), target);
        return r.body();
    }

    private Response parse(String target, byte[] raw) throws IOException {
        int head = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(head > 0, target + ": no HTTP head in " + new String(raw, StandardCharsets.ISO_8859_1));
        String headers = new String(raw, 0, head, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(headers.substring(9, 12));
        byte[] body = java.util.Arrays.copyOfRange(raw, head + 4, raw.length);
        if (headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        if (body.length == 0) {
            fail(target + ": empty body with status " + status + " (not the dbt envelope)");
        }
        JsonNode tree = json.readValue(body, JsonNode.class);
        assertNotNull(tree, target);
        return new Response(status, tree, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int eol = indexOf(java.util.Arrays.copyOfRange(in, i, in.length), new byte[] {'\r', '\n'});
            String size = new String(in, i, eol, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int n = Integer.parseInt(size, 16);
            i += eol + 2;
            if (n == 0) {
                break;
            }
            out.write(in, i, n);
            i += n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
