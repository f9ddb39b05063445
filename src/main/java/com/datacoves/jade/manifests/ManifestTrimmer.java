package com.datacoves.jade.manifests;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Jade's "trimmed" manifest, {@code {"metadata":…,"nodes":…}}, produced by streaming: a {@link JsonParser} over the
 * stored manifest and a {@link JsonGenerator} to the response, copying the two fields token by token
 * ({@code copyCurrentStructure}) and skipping the rest, so memory does not grow with the manifest. Fields keep the
 * file's order; a missing field is written as {@code null} (Jade's answer for a cleaned manifest). The result equals
 * parsing the whole file and keeping those two fields.
 */
public final class ManifestTrimmer {

    /**
     * Field names are not interned: manifest keys are mostly unique node ids (see ManifestInspector). They stay
     * canonicalized, because Jackson parses an {@code InputStream} with its UTF-8 byte parser only then (otherwise it
     * decodes through a {@code Reader}).
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(10_000).build())
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();
    /** Bytes read from the stored object at a time (Jackson's own buffer is 8000 bytes). */
    private static final int READ_BUFFER = 256 * 1024;

    private ManifestTrimmer() {
    }

    /**
     * Writes the trimmed manifest of {@code in} to {@code out}; closes neither.
     *
     * @throws IOException when reading, parsing or writing fails
     */
    public static void trim(InputStream in, OutputStream out) throws IOException {
        try (JsonParser p = JSON.createParser(new BufferedInputStream(in, READ_BUFFER));
             JsonGenerator g = JSON.createGenerator(out)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("stored manifest is not a JSON object");
            }
            boolean metadata = false;
            boolean nodes = false;
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("metadata") && !metadata || name.equals("nodes") && !nodes) {
                    g.writeFieldName(name);
                    g.copyCurrentStructure(p);
                    metadata |= name.equals("metadata");
                    nodes |= name.equals("nodes");
                } else {
                    p.skipChildren();
                }
            }
            if (!metadata) {
                g.writeNullField("metadata");
            }
            if (!nodes) {
                g.writeNullField("nodes");
            }
            g.writeEndObject();
        }
    }
}
