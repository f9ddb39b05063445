package com.datacoves.jade.files;

import com.datacoves.jade.storage.ObjectInfo;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Environment file routes through real HTTP, with the shapes of Datacoves' Airflow provider. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileRoutesTest extends JadeTest {

    private static final String V2 = "/api/v2/datacoves/environments/";
    private static final String INTERNAL = "/api/internal/environments/";

    @Inject
    JsonMapper json;
    @Inject
    ObjectStorage storage;
    @Inject
    FileRepository files;

    HttpResponse<byte[]> call(MutableHttpRequest<?> request) {
        request.header("Authorization", tokenHeader(1));
        return exchange(request);
    }

    Map<String, Object> body(HttpResponse<byte[]> r) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = json.readValue(r.getBody(byte[].class).orElseThrow(), Map.class);
            return m;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> data(HttpResponse<byte[]> r) {
        return (Map<String, Object>) body(r).get("data");
    }

    String message(HttpResponse<byte[]> r) {
        return String.valueOf(((Map<?, ?>) body(r).get("errors")).get("message"));
    }

    HttpResponse<byte[]> upload(String env, String tag, String filename, byte[] bytes) {
        MultipartBody.Builder b = MultipartBody.builder().addPart("file", filename, MediaType.APPLICATION_OCTET_STREAM_TYPE, bytes);
        if (tag != null) {
            b.addPart("tag", tag);
        }
        return call(HttpRequest.POST(V2 + env + "/files", b.build()).contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void singleJsonUploadThenGetBySlugTagAndFilenameUnderBothPrefixes() {
        byte[] content = "{\"a\": [1, 2, {\"b\": null}]}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> created = upload("dev123", "single-json", "graph_summary.json", content);
        assertEquals(201, created.code());
        Map<String, Object> d = data(created);
        assertEquals(Map.of("a", List.of(1, 2, java.util.Collections.singletonMap("b", null))), d.get("contents"));
        assertEquals("graph_summary.json", d.get("filename"));
        assertEquals("single-json", d.get("tag"));
        assertEquals("dev123", d.get("environment_slug"));
        String path = String.valueOf(d.get("path"));
        assertTrue(path.startsWith("environments/dev123/files/") && path.endsWith("/graph_summary.json"), path);
        assertTrue(String.valueOf(d.get("inserted_at")).endsWith("Z"));
        String location = created.header("Location");
        assertEquals("/api/v2/datacoves/environments/dev123/files?slug=" + d.get("slug"), location);

        for (String prefix : new String[]{V2, INTERNAL}) {
            for (String q : new String[]{"slug=" + d.get("slug"), "tag=single-json", "filename=graph_summary.json"}) {
                HttpResponse<byte[]> got = call(HttpRequest.GET(prefix + "dev123/files?" + q));
                assertEquals(200, got.code(), q);
                assertEquals(d.get("slug"), data(got).get("slug"), q);
                assertEquals(d.get("contents"), data(got).get("contents"), q);
            }
        }
        HttpResponse<byte[]> withSlash = call(HttpRequest.GET(V2 + "dev123/files/?tag=single-json"));
        assertEquals(200, withSlash.code());
    }

    @Test
    void textAndBinaryFilesNeverProduceInvalidJsonAndRawReturnsExactBytes() {
        HttpResponse<byte[]> text = upload("dev123", "text-file", "notes.txt", "hello\nworld ünï".getBytes(StandardCharsets.UTF_8));
        assertEquals("hello\nworld ünï", data(text).get("contents"));
        assertEquals("hello\nworld ünï", data(call(HttpRequest.GET(V2 + "dev123/files?tag=text-file"))).get("contents"));

        byte[] binary = new byte[70_000];
        new Random(7).nextBytes(binary);
        binary[0] = (byte) 0xff;
        HttpResponse<byte[]> created = upload("dev123", "latest", "graph.gpickle", binary);
        assertEquals(201, created.code());
        assertNull(data(created).get("contents"));
        HttpResponse<byte[]> got = call(HttpRequest.GET(INTERNAL + "dev123/files?filename=graph.gpickle"));
        assertEquals(200, got.code());
        assertNull(data(got).get("contents"));
        assertTrue(String.valueOf(data(got).get("contents_note")).contains("/files/raw?slug="));

        HttpResponse<byte[]> raw = call(HttpRequest.GET(INTERNAL + "dev123/files/raw?filename=graph.gpickle"));
        assertEquals(200, raw.code());
        assertEquals(MediaType.APPLICATION_OCTET_STREAM, raw.getContentType().orElseThrow().getName());
        assertEquals(String.valueOf(binary.length), raw.header("Content-Length"));
        assertEquals("attachment; filename*=UTF-8''graph.gpickle", raw.header("Content-Disposition"));
        assertArrayEquals(binary, raw.body());

        HttpResponse<byte[]> accept = call(HttpRequest.GET(V2 + "dev123/files?tag=latest")
                .accept(MediaType.APPLICATION_OCTET_STREAM_TYPE));
        assertArrayEquals(binary, accept.body());
    }

    @Test
    void providerMultiUploadWithGapsGetByEncodedTagAndDeleteWithJsonBody() {
        String runTag = "manual__2024-01-01T00:00:00+00:00-run_results";
        MultipartBody body = MultipartBody.builder()
                .addPart("files[0][tag]", runTag)
                .addPart("files[0][file]", "run_results.json", MediaType.APPLICATION_JSON_TYPE, "{\"results\":[]}".getBytes())
                .addPart("files[2][tag]", "manual__2024-01-01T00:00:00+00:00-sources")
                .addPart("files[2][file]", "sources.json", MediaType.APPLICATION_JSON_TYPE, "{\"sources\":1}".getBytes())
                .build();
        HttpResponse<byte[]> created = call(HttpRequest.POST(INTERNAL + "prd456/files", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
        assertEquals(201, created.code());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) body(created).get("data");
        assertEquals(2, list.size());
        assertEquals("run_results.json", list.get(0).get("filename"));
        assertEquals("sources.json", list.get(1).get("filename"));

        HttpResponse<byte[]> got = call(HttpRequest.GET(INTERNAL + "prd456/files?tag=" + enc(runTag)));
        assertEquals(200, got.code());
        assertEquals(Map.of("results", List.of()), data(got).get("contents"));
        assertEquals(runTag, data(got).get("tag"));
        String key = String.valueOf(data(got).get("path"));
        assertTrue(storage.exists(com.datacoves.jade.storage.StorageKey.of(key.split("/"))));

        HttpResponse<byte[]> deleted = call(HttpRequest.DELETE(INTERNAL + "prd456/files", Map.of("tag", runTag))
                .contentType(MediaType.APPLICATION_JSON_TYPE));
        assertEquals(200, deleted.code());
        assertTrue(deleted.getBody(byte[].class).map(b -> b.length == 0).orElse(true));
        assertEquals(404, call(HttpRequest.GET(INTERNAL + "prd456/files?tag=" + enc(runTag))).code());
        assertFalse(storage.exists(com.datacoves.jade.storage.StorageKey.of(key.split("/"))));
    }

    @Test
    void multiUploadWithOneBadPartLeavesNothing() {
        MultipartBody body = MultipartBody.builder()
                .addPart("files[0][tag]", "all-or-nothing")
                .addPart("files[0][file]", "a.json", MediaType.APPLICATION_JSON_TYPE, "{}".getBytes())
                .addPart("files[1][file]", "b.json", MediaType.APPLICATION_JSON_TYPE, "{}".getBytes())
                .build();
        HttpResponse<byte[]> r = call(HttpRequest.POST(V2 + "tst789/files", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
        assertEquals(422, r.code());
        assertTrue(message(r).contains("files[1][tag]"), message(r));
        assertEquals(List.of(), files.findAllInEnvironment("tst789"));
        assertEquals(List.<ObjectInfo>of(), storage.list("environments/tst789/"));
    }

    @Test
    void hostileTagsAndNamesStayInsideTheEnvironmentsFolder() {
        for (String tag : new String[]{"../../x", "a/b", "..", "/etc/passwd"}) {
            HttpResponse<byte[]> r = upload("dev123", tag, "../../evil.json", "{\"x\":1}".getBytes());
            assertEquals(201, r.code(), tag);
            String path = String.valueOf(data(r).get("path"));
            assertTrue(path.startsWith("environments/dev123/files/"), path);
            for (String segment : path.split("/")) {
                assertFalse(segment.equals("..") || segment.equals(".") || segment.isEmpty(), path);
            }
            HttpResponse<byte[]> got = call(HttpRequest.GET(V2 + "dev123/files?tag=" + enc(tag)));
            assertEquals(200, got.code(), tag);
            assertEquals(tag, data(got).get("tag"));
        }
    }

    @Test
    void replaceWithPutAndPatchAndNewestWins() {
        Map<String, Object> first = data(upload("dev123", "replace-me", "f.json", "{\"v\":1}".getBytes()));
        Map<String, Object> second = data(upload("dev123", "replace-me", "f.json", "{\"v\":2}".getBytes()));
        assertEquals(Map.of("v", 2), data(call(HttpRequest.GET(V2 + "dev123/files?tag=replace-me"))).get("contents"));
        assertEquals(Map.of("v", 1), data(call(HttpRequest.GET(V2 + "dev123/files?slug=" + first.get("slug")))).get("contents"));

        MultipartBody put = MultipartBody.builder().addPart("file", "g.json", MediaType.APPLICATION_JSON_TYPE, "{\"v\":3}".getBytes()).build();
        HttpResponse<byte[]> r = call(HttpRequest.PUT(V2 + "dev123/files?slug=" + first.get("slug"), put)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
        assertEquals(200, r.code());
        assertEquals("g.json", data(r).get("filename"));
        assertEquals(first.get("slug"), data(r).get("slug"));
        assertFalse(storage.exists(com.datacoves.jade.storage.StorageKey.of(String.valueOf(first.get("path")).split("/"))));
        assertEquals(Map.of("v", 3), data(call(HttpRequest.GET(V2 + "dev123/files?slug=" + first.get("slug")))).get("contents"));

        MultipartBody patch = MultipartBody.builder().addPart("file", "h.txt", MediaType.TEXT_PLAIN_TYPE, "plain".getBytes())
                .addPart("tag", "renamed").build();
        HttpResponse<byte[]> p = call(HttpRequest.PATCH(INTERNAL + "dev123/files?tag=replace-me", patch)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
        assertEquals(200, p.code());
        assertEquals("renamed", data(p).get("tag"));
        assertEquals("plain", data(p).get("contents"));
        assertEquals(404, call(HttpRequest.PATCH(V2 + "dev123/files?tag=nope", patch)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE)).code());
        assertEquals(200, call(HttpRequest.DELETE(V2 + "dev123/files?slug=" + second.get("slug"))).code());
    }

    @Test
    void errorsAsJade() {
        HttpResponse<byte[]> noTag = upload("dev123", null, "x.json", "{}".getBytes());
        assertEquals(422, noTag.code());
        assertTrue(message(noTag).contains("tag"));
        HttpResponse<byte[]> noFile = call(HttpRequest.POST(V2 + "dev123/files",
                MultipartBody.builder().addPart("tag", "t").build()).contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
        assertEquals(422, noFile.code());
        assertTrue(message(noFile).contains("file"));
        assertEquals(400, call(HttpRequest.GET(V2 + "dev123/files")).code());
        assertEquals(400, call(HttpRequest.GET(V2 + "dev123/files?slug=not-a-uuid")).code());
        HttpResponse<byte[]> missing = call(HttpRequest.GET(V2 + "dev123/files?tag=never-uploaded"));
        assertEquals(404, missing.code());
        assertEquals(Map.of("errors", Map.of("message", "Not Found")), body(missing));
        assertEquals(404, call(HttpRequest.DELETE(V2 + "dev123/files?tag=never-uploaded")).code());

        HttpResponse<byte[]> other = upload("glx001", "t", "x.json", "{}".getBytes());
        assertEquals(403, other.code());
        assertEquals(403, call(HttpRequest.GET(V2 + "glx001/files?tag=t")).code());
        assertEquals(List.of(), files.findAllInEnvironment("glx001"));
    }

    @Test
    void deleteByFormBodyAndReplaceBySlugInForm() {
        Map<String, Object> f = data(upload("dev123", "form-delete", "d.json", "[1]".getBytes()));
        MultipartBody put = MultipartBody.builder().addPart("slug", String.valueOf(f.get("slug")))
                .addPart("file", "e.json", MediaType.APPLICATION_JSON_TYPE, "[2]".getBytes()).build();
        HttpResponse<byte[]> r = call(HttpRequest.PUT(V2 + "dev123/files", put).contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
        assertEquals(200, r.code());
        assertEquals(List.of(2), data(r).get("contents"));
        HttpResponse<byte[]> d = call(HttpRequest.DELETE(INTERNAL + "dev123/files", Map.of("tag", "form-delete"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE));
        assertEquals(200, d.code());
        assertEquals(404, call(HttpRequest.GET(V2 + "dev123/files?slug=" + f.get("slug"))).code());
        assertEquals(List.of(), storage.list("environments/dev123/files/form-delete/"));
    }

    /** The same tag in two environments names two files; a file is not reachable through another environment. */
    @Test
    void environmentsKeepTheirOwnFiles() {
        HttpResponse<byte[]> dev = upload("dev123", "shared-tag", "a.json", "{\"env\": \"dev\"}".getBytes());
        HttpResponse<byte[]> prd = upload("prd456", "shared-tag", "a.json", "{\"env\": \"prd\"}".getBytes());
        assertEquals(201, dev.code());
        assertEquals(201, prd.code());
        assertEquals(Map.of("env", "dev"), data(call(HttpRequest.GET(V2 + "dev123/files?tag=shared-tag"))).get("contents"));
        assertEquals(Map.of("env", "prd"), data(call(HttpRequest.GET(V2 + "prd456/files?tag=shared-tag"))).get("contents"));
        Object prdSlug = data(prd).get("slug");
        HttpResponse<byte[]> foreign = call(HttpRequest.GET(V2 + "dev123/files?slug=" + prdSlug));
        assertEquals(404, foreign.code());
        assertEquals("Not Found", message(foreign));
        MultipartBody replacement = MultipartBody.builder()
                .addPart("file", "b.json", MediaType.APPLICATION_JSON_TYPE, "{}".getBytes()).build();
        assertEquals(404, call(HttpRequest.PUT(V2 + "dev123/files?slug=" + prdSlug, replacement)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE)).code());
        assertEquals(404, call(HttpRequest.DELETE(V2 + "dev123/files?slug=" + prdSlug)).code());
        assertEquals(Map.of("env", "prd"), data(call(HttpRequest.GET(V2 + "prd456/files?slug=" + prdSlug))).get("contents"));
    }

    /** A file part without a file name is refused (422 naming it) and leaves nothing behind. */
    @Test
    void emptyFilenameIsRefused() {
        int before = files.findAllInEnvironment("dev123").size();
        HttpResponse<byte[]> r = upload("dev123", "no-name", "", "{}".getBytes());
        assertEquals(422, r.code());
        assertTrue(message(r).endsWith("can't be blank"), message(r)); // "filename …" or, without a filename, "file …"
        assertEquals(before, files.findAllInEnvironment("dev123").size());
    }

    /** A replacement whose file part has no file name is a 422 and leaves the file as it was. */
    @Test
    void replacementWithoutFilenameIsRefused() {
        HttpResponse<byte[]> created = upload("dev123", "keep-me", "keep.json", "{\"v\": 1}".getBytes());
        Object slug = data(created).get("slug");
        MultipartBody body = MultipartBody.builder()
                .addPart("file", "", MediaType.APPLICATION_JSON_TYPE, "{\"v\": 2}".getBytes()).build();
        HttpResponse<byte[]> r = call(HttpRequest.PUT(V2 + "dev123/files?slug=" + slug, body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
        assertEquals(422, r.code());
        assertTrue(message(r).endsWith("can't be blank"), message(r));
        Map<String, Object> after = data(call(HttpRequest.GET(V2 + "dev123/files?slug=" + slug)));
        assertEquals(Map.of("v", 1), after.get("contents"));
        assertEquals("keep.json", after.get("filename"));
    }
}
