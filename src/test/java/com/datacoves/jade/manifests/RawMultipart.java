package com.datacoves.jade.manifests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A multipart/form-data body written byte by byte in exactly the order given (so tests can send the file before the
 * fields, as some clients do), posted with the JDK's HTTP client.
 */
final class RawMultipart {

    static final String BOUNDARY = "jadeRawBoundary7x";

    private final List<byte[]> pieces = new ArrayList<>();

    /** A plain field. */
    RawMultipart field(String name, String value) {
        add("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n", value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A file part. */
    RawMultipart file(String name, String filename, byte[] content) {
        add("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/json\r\n\r\n", content);
        return this;
    }

    private void add(String head, byte[] content) {
        pieces.add(("--" + BOUNDARY + "\r\n" + head).getBytes(StandardCharsets.UTF_8));
        pieces.add(content);
        pieces.add("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The whole body with its closing boundary. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pieces.forEach(out::writeBytes);
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** POSTs the body to {@code http://localhost:<port><path>} with the Authorization header; status and body. */
    HttpResponse<String> post(int port, String path, String authorization) {
        return post(port, path, authorization, bytes());
    }

    /** POSTs {@code body} as a multipart form with this class's boundary. */
    static HttpResponse<String> post(int port, String path, String authorization, byte[] body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", authorization)
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every file under {@code root} whose name marks an unfinished write (the local adapter's {@code ~} files). */
    static List<Path> temporaryFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().contains("~")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
