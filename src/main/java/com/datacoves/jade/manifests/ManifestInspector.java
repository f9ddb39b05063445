package com.datacoves.jade.manifests;

import com.datacoves.jade.http.ApiException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.micronaut.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a dbt manifest as its bytes go by, with Jackson's non-blocking parser: the caller {@link #feed feeds}
 * chunks in the thread that has them (no extra thread, no pipe) and calls {@link #finish()} at the end of input.
 * No tree is built; memory does not grow with the file (only with its longest string). Bytes are counted and
 * SHA-256 is computed on the way.
 *
 * <p>Rules: the file is one JSON object (nothing after it); {@code metadata} is an object whose
 * {@code dbt_schema_version} is {@code https://schemas.getdbt.com/dbt/manifest/v<N>.json}; {@code nodes} is an object;
 * {@code sources}, when present, is an object. Any violation, invalid JSON, a string longer than
 * {@link #MAX_STRING_CHARS} characters, or an empty file is an {@link ApiException} 422; more than {@code maxBytes}
 * bytes is 413. (Jade decoded the whole file in memory and answered 500 for non-JSON; 422 is what CONTRACT §5 asks for
 * a bad upload.) Facts kept: schema version, dbt version, project name, counts of nodes and sources, size, SHA-256.
 *
 * <p>An instance inspects one file and is not thread-safe.
 */
public final class ManifestInspector {

    /** The manifest schema URL pattern; group 1 is the version number. */
    public static final Pattern SCHEMA = Pattern.compile("^https://schemas\\.getdbt\\.com/dbt/manifest/v(\\d+)\\.json$");

    /**
     * Longest accepted JSON string, in characters. The non-blocking parser holds each string whole while reading it,
     * so this bounds the heap an upload can take (real manifests' longest strings, compiled SQL, are far shorter).
     */
    public static final int MAX_STRING_CHARS = 16 * 1024 * 1024;

    /**
     * Field names are not interned: a large manifest has hundreds of thousands of unique keys (node ids), which
     * {@code String.intern} would add to the JVM's string table one by one (measured 30–40 % slower with it). They stay
     * canonicalized, so the many repeated keys ({@code resource_type}, {@code depends_on}, …) are not allocated anew.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS)
                    .maxNestingDepth(10_000).build())
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();
    private static final int READ_CHUNK = 64 * 1024;

    private final long maxBytes;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final MessageDigest sha;
    private long count;

    // where the parser is: nesting depth after the last token, the field being read at depth 1 and, inside metadata,
    // at depth 2; which top-level object's entries are being counted
    private int depth;
    private boolean started;
    private boolean rootClosed;
    private String topField;
    private String metadataField;
    private Counting counting = Counting.NONE;

    // what was found
    private boolean metadata;
    private String schemaUrl;
    private String dbtVersion;
    private String projectName;
    private int nodes = -1;
    private int sources;

    private enum Counting { NONE, NODES, SOURCES }

    /**
     * @param maxBytes largest accepted size in bytes
     */
    public ManifestInspector(long maxBytes) {
        this.maxBytes = maxBytes;
        try {
            this.parser = JSON.createNonBlockingByteArrayParser();
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    /**
     * Reads the whole stream (not closing it) and returns the facts.
     *
     * @param maxBytes largest accepted size in bytes
     * @throws ApiException 422 for anything that is not a dbt manifest, 413 above {@code maxBytes}
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static ManifestFacts inspect(InputStream in, long maxBytes) {
        ManifestInspector inspector = new ManifestInspector(maxBytes);
        byte[] buffer = new byte[READ_CHUNK];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                inspector.feed(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inspector.finish();
    }

    /** Bytes fed so far. */
    public long count() {
        return count;
    }

    /**
     * Checks the next {@code len} bytes of the file. The bytes are parsed before this returns, so the caller may
     * reuse {@code bytes} afterwards.
     *
     * @throws ApiException 422 as soon as the bytes so far cannot be the start of a manifest, 413 when the file
     *                      grows beyond the limit
     */
    public void feed(byte[] bytes, int offset, int len) {
        if (len <= 0) {
            return;
        }
        count += len;
        if (count > maxBytes) {
            throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "file is larger than the limit of " + maxBytes + " bytes");
        }
        sha.update(bytes, offset, len);
        try {
            feeder.feedInput(bytes, offset, offset + len);
            for (JsonToken t; (t = parser.nextToken()) != JsonToken.NOT_AVAILABLE && t != null; ) {
                onToken(t);
            }
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ends the input and checks that the file was a whole dbt manifest.
     *
     * @return what the file holds
     * @throws ApiException 422 when it is empty, cut off or not a manifest
     */
    public ManifestFacts finish() {
        try {
            feeder.endOfInput();
            for (JsonToken t; (t = parser.nextToken()) != null; ) {
                onToken(t);
            }
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!started) {
            throw ApiException.unprocessable("file is empty");
        }
        if (!metadata) {
            throw ApiException.unprocessable("file is not a dbt manifest: metadata is missing");
        }
        if (schemaUrl == null) {
            throw ApiException.unprocessable("file is not a dbt manifest: metadata.dbt_schema_version is missing");
        }
        Matcher m = SCHEMA.matcher(schemaUrl);
        if (!m.matches()) {
            throw ApiException.unprocessable("file is not a dbt manifest: metadata.dbt_schema_version is " + schemaUrl);
        }
        if (nodes < 0) {
            throw ApiException.unprocessable("file is not a dbt manifest: nodes is missing");
        }
        return new ManifestFacts(schemaUrl, Integer.parseInt(m.group(1)), dbtVersion, projectName, nodes, sources,
                count, HexFormat.of().formatHex(sha.digest()));
    }

    private static ApiException invalid(JsonProcessingException e) {
        return ApiException.unprocessable("file is not valid JSON: " + e.getOriginalMessage());
    }

    private void onToken(JsonToken t) throws IOException {
        if (rootClosed) {
            throw ApiException.unprocessable("file is not valid JSON: content after the manifest object");
        }
        if (!started) {
            started = true;
            if (t != JsonToken.START_OBJECT) {
                throw ApiException.unprocessable("file is not a dbt manifest: expected a JSON object");
            }
            depth = 1;
            return;
        }
        switch (t) {
            case FIELD_NAME -> onFieldName();
            case START_OBJECT, START_ARRAY -> {
                onValue(t);
                depth++;
            }
            case END_OBJECT, END_ARRAY -> {
                depth--;
                if (depth == 1) {
                    counting = Counting.NONE;
                } else if (depth == 0) {
                    rootClosed = true;
                }
            }
            default -> onValue(t);
        }
    }

    private void onFieldName() throws IOException {
        if (depth == 1) {
            topField = parser.currentName();
        } else if (depth == 2) {
            switch (counting) {
                case NODES -> nodes++;
                case SOURCES -> sources++;
                default -> metadataField = "metadata".equals(topField) ? parser.currentName() : null;
            }
        }
    }

    /** A value (scalar, or the start of an object or array) at the current depth. */
    private void onValue(JsonToken t) throws IOException {
        if (depth == 1) {
            switch (topField) {
                case "metadata" -> {
                    requireObject(t, "metadata");
                    metadata = true;
                }
                case "nodes" -> {
                    requireObject(t, "nodes");
                    nodes = 0;
                    counting = Counting.NODES;
                }
                case "sources" -> {
                    requireObject(t, "sources");
                    sources = 0;
                    counting = Counting.SOURCES;
                }
                default -> {
                }
            }
        } else if (depth == 2 && counting == Counting.NONE && "metadata".equals(topField) && metadataField != null) {
            String text = t == JsonToken.VALUE_STRING ? parser.getText() : null;
            switch (metadataField) {
                case "dbt_schema_version" -> schemaUrl = text;
                case "dbt_version" -> dbtVersion = text;
                case "project_name" -> projectName = text;
                default -> {
                }
            }
        }
    }

    private static void requireObject(JsonToken t, String field) {
        if (t != JsonToken.START_OBJECT) {
            throw ApiException.unprocessable("file is not a dbt manifest: " + field + " is not an object");
        }
    }
}
