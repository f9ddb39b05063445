package com.datacoves.jade.manifests;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.UnprocessableException;
import com.datacoves.jade.http.BlockInputStream;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a dbt manifest with Jackson's streaming parser, reading it once from a stream: no tree is built, every byte
 * is checked as UTF-8, every string is read under a length bound ({@link #MAX_STRING_CHARS}) and dropped, and memory
 * does not grow with the file.
 * {@link InspectedStream} runs it on a thread of its own, next to the thread that stores the bytes; {@link #inspect}
 * runs both in the caller's thread.
 *
 * <p>Rules: the file is one JSON object (nothing after it) in valid UTF-8; {@code metadata} is an object whose
 * {@code dbt_schema_version} is {@code https://schemas.getdbt.com/dbt/manifest/v<N>.json}; {@code nodes} is an object;
 * {@code sources}, when present, is an object. Any violation, invalid JSON or UTF-8, a field name or kept metadata
 * value longer than {@link #MAX_STRING_CHARS} characters, or an empty file is an {@link JadeException} 422; more than
 * {@code maxBytes} bytes is 413 ({@link ManifestDigest}). (Jade decoded the whole file in memory and answered 500 for
 * non-JSON; 422 is what docs/datacoves-api.md asks for a bad upload.) Found: schema version, dbt version, project name, counts
 * of nodes and sources.
 *
 * <p>An instance inspects one file and is not thread-safe.
 */
public final class ManifestInspector {

    /** The manifest schema URL pattern; group 1 is the version number. */
    public static final Pattern SCHEMA = Pattern.compile("^https://schemas\\.getdbt\\.com/dbt/manifest/v(\\d+)\\.json$");

    /**
     * Longest accepted string, in characters: any field name or string value (16 Mi characters; the largest SQL of a
     * real model is a few MB). Longer ones are refused at upload (422), so that no later read of the manifest — a
     * trimmed download copies values one by one — ever holds one huge string (docs/hardening.md).
     */
    public static final int MAX_STRING_CHARS = 16 * 1024 * 1024;

    /**
     * Jackson's streaming parser over characters, fed by the JDK's UTF-8 decoder in its strict mode (malformed input is
     * reported, not replaced), so that every byte is checked as UTF-8 — Jackson's byte-level parsers look field names
     * up by their bytes padded with 0xFF and so take a name holding a stray 0xFF byte for a shorter one seen before
     * (the name of bytes FF 61 read as {@code "a"}, jackson-core 2.21; tested). Names are neither canonicalized nor
     * interned: a large manifest has about a million unique keys (node ids) that a symbol table would only grow with;
     * each name is a short-lived string. Every string is read into the parser's buffer (bounded by {@link #MAX_STRING_CHARS}) and dropped.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS)
                    .maxNameLength(MAX_STRING_CHARS).maxNestingDepth(10_000).build())
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private final JsonParser parser;

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
     * What a valid manifest's JSON says.
     *
     * @param schemaUrl     {@code metadata.dbt_schema_version}
     * @param schemaVersion its number, e.g. 12
     * @param dbtVersion    {@code metadata.dbt_version}, or null
     * @param projectName   {@code metadata.project_name}, or null
     * @param nodes         entries of {@code nodes}
     * @param sources       entries of {@code sources} (0 when absent)
     */
    public record Shape(String schemaUrl, int schemaVersion, String dbtVersion, String projectName, int nodes,
                        int sources) {
    }

    private ManifestInspector(InputStream in) throws IOException {
        // newDecoder(): REPORT on malformed and unmappable input (an InputStreamReader given a charset would replace)
        this.parser = JSON.createParser(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()));
    }

    /**
     * Reads the whole stream (not closing it), counting its bytes and computing their SHA-256 on the way, and returns
     * the facts.
     *
     * @param maxBytes largest accepted size in bytes
     * @throws JadeException 422 for anything that is not a dbt manifest, 413 above {@code maxBytes}
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static ManifestFacts inspect(InputStream in, long maxBytes) {
        ManifestDigest digest = new ManifestDigest(maxBytes);
        Shape shape = shape(new BlockInputStream() {   // not closed: the caller's stream stays open
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                digest.update(b, off, n);
                return n;
            }
        });
        return digest.facts(shape);
    }

    /**
     * Reads the whole stream (not closing it) and checks that it is one dbt manifest.
     *
     * @return what the manifest says
     * @throws JadeException 422 as soon as the bytes so far cannot be the start of a manifest, or at the end when it
     *                      is empty, cut off or not a manifest
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static Shape shape(InputStream in) {
        ManifestInspector inspector;
        try {
            inspector = new ManifestInspector(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (JsonParser parser = inspector.parser) {   // returns its buffers; the stream stays open
            for (JsonToken t; (t = parser.nextToken()) != null; ) {
                inspector.onToken(t);
            }
            return inspector.finish();
        } catch (StreamConstraintsException e) {
            throw tooLong();
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (CharacterCodingException e) {
            // the JDK's message ("Input length = 1") says nothing to a client
            throw new UnprocessableException("file is not valid UTF-8: it holds a malformed byte sequence");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks, at the end of input, that the file was a whole dbt manifest. */
    private Shape finish() {
        if (!started) {
            throw new UnprocessableException("file is empty");
        }
        if (!metadata) {
            throw new UnprocessableException("file is not a dbt manifest: metadata is missing");
        }
        if (schemaUrl == null) {
            throw new UnprocessableException("file is not a dbt manifest: metadata.dbt_schema_version is missing");
        }
        Matcher m = SCHEMA.matcher(schemaUrl);
        if (!m.matches()) {
            throw new UnprocessableException("file is not a dbt manifest: metadata.dbt_schema_version is " + schemaUrl);
        }
        if (nodes < 0) {
            throw new UnprocessableException("file is not a dbt manifest: nodes is missing");
        }
        return new Shape(schemaUrl, Integer.parseInt(m.group(1)), dbtVersion, projectName, nodes, sources);
    }

    private static JadeException tooLong() {
        return new UnprocessableException("file holds a string or name longer than " + MAX_STRING_CHARS
                + " characters, which Jade does not accept in a manifest");
    }

    private static JadeException invalid(JsonProcessingException e) {
        return new UnprocessableException("file is not valid JSON: " + e.getOriginalMessage());
    }

    private void onToken(JsonToken t) throws IOException {
        if (rootClosed) {
            throw new UnprocessableException("file is not valid JSON: content after the manifest object");
        }
        if (!started) {
            started = true;
            if (t != JsonToken.START_OBJECT) {
                throw new UnprocessableException("file is not a dbt manifest: expected a JSON object");
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
            case VALUE_STRING -> {
                // read whole, under the parser's string limit: one huge string would otherwise be accepted here and
                // materialised by every trimmed download (which copies nodes value by value)
                // (the parser's own check runs as its buffer grows, so it bounds memory; this one is exact)
                if (parser.getTextLength() > MAX_STRING_CHARS) {
                    throw tooLong();
                }
                onValue(t);
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
            throw new UnprocessableException("file is not a dbt manifest: " + field + " is not an object");
        }
    }
}
