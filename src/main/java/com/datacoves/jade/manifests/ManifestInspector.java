package com.datacoves.jade.manifests;

import com.datacoves.jade.http.ApiException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.micronaut.http.HttpStatus;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a dbt manifest by streaming it once through Jackson's {@link JsonParser} (never building a tree; memory
 * does not grow with the file), while counting bytes and computing SHA-256.
 *
 * <p>Rules: the file is one JSON object (nothing after it); {@code metadata} is an object whose
 * {@code dbt_schema_version} is {@code https://schemas.getdbt.com/dbt/manifest/v<N>.json}; {@code nodes} is an object;
 * {@code sources}, when present, is an object. Any violation, invalid JSON or an empty file is an
 * {@link ApiException} 422; more than {@code maxBytes} bytes is 413. (Jade decoded the whole file in memory and
 * answered 500 for non-JSON; 422 is what CONTRACT §5 asks for a bad upload.)
 */
public final class ManifestInspector {

    /** The manifest schema URL pattern; group 1 is the version number. */
    public static final Pattern SCHEMA = Pattern.compile("^https://schemas\\.getdbt\\.com/dbt/manifest/v(\\d+)\\.json$");

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(10_000).build())
            .build();

    private ManifestInspector() {
    }

    /**
     * Reads the whole stream (not closing it) and returns the facts.
     *
     * @param maxBytes largest accepted size in bytes
     * @throws ApiException 422 for anything that is not a dbt manifest, 413 above {@code maxBytes}
     */
    public static ManifestFacts inspect(InputStream in, long maxBytes) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Counting counting = new Counting(new DigestInputStream(in, sha), maxBytes);
        try (JsonParser p = JSON.createParser(counting)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            Scan scan = scan(p);
            counting.transferTo(OutputStreamNull.INSTANCE);
            if (counting.count == 0) {
                throw ApiException.unprocessable("file is empty");
            }
            return new ManifestFacts(scan.schemaUrl, scan.version, scan.dbtVersion, scan.projectName, scan.nodes,
                    scan.sources, counting.count, HexFormat.of().formatHex(sha.digest()));
        } catch (TooLarge e) {
            throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "file is larger than the limit of " + maxBytes + " bytes");
        } catch (JsonProcessingException e) {
            if (counting.count == 0) {
                throw ApiException.unprocessable("file is empty");
            }
            throw ApiException.unprocessable("file is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Scan {
        String schemaUrl;
        int version;
        String dbtVersion;
        String projectName;
        int nodes = -1;
        int sources;
        boolean metadata;
    }

    private static Scan scan(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw ApiException.unprocessable("file is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            throw ApiException.unprocessable("file is not a dbt manifest: expected a JSON object");
        }
        Scan scan = new Scan();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "metadata" -> readMetadata(p, value, scan);
                case "nodes" -> scan.nodes = countEntries(p, value, "nodes");
                case "sources" -> scan.sources = countEntries(p, value, "sources");
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw ApiException.unprocessable("file is not valid JSON: content after the manifest object");
        }
        if (!scan.metadata) {
            throw ApiException.unprocessable("file is not a dbt manifest: metadata is missing");
        }
        if (scan.schemaUrl == null) {
            throw ApiException.unprocessable("file is not a dbt manifest: metadata.dbt_schema_version is missing");
        }
        Matcher m = SCHEMA.matcher(scan.schemaUrl);
        if (!m.matches()) {
            throw ApiException.unprocessable("file is not a dbt manifest: metadata.dbt_schema_version is "
                    + scan.schemaUrl);
        }
        scan.version = Integer.parseInt(m.group(1));
        if (scan.nodes < 0) {
            throw ApiException.unprocessable("file is not a dbt manifest: nodes is missing");
        }
        return scan;
    }

    private static void readMetadata(JsonParser p, JsonToken value, Scan scan) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw ApiException.unprocessable("file is not a dbt manifest: metadata is not an object");
        }
        scan.metadata = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            String text = v == JsonToken.VALUE_STRING ? p.getText() : null;
            switch (field) {
                case "dbt_schema_version" -> scan.schemaUrl = text;
                case "dbt_version" -> scan.dbtVersion = text;
                case "project_name" -> scan.projectName = text;
                default -> p.skipChildren();
            }
        }
    }

    private static int countEntries(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw ApiException.unprocessable("file is not a dbt manifest: " + field + " is not an object");
        }
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            p.skipChildren();
            n++;
        }
        return n;
    }

    /** Thrown by the counting stream when the size limit is passed. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("too large", null);
        }
    }

    private static final class Counting extends FilterInputStream {
        private final long max;
        long count;

        Counting(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws TooLarge {
            count += n;
            if (count > max) {
                throw new TooLarge();
            }
        }
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
