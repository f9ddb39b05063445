package com.datacoves.jade.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code contents} value of a file in Jade's JSON answers, always emitted as valid JSON (Jade spliced raw bytes
 * and so produced invalid JSON for non-JSON files; we do not):
 * <ul>
 *   <li>the bytes are one JSON value (object, array, string, number…) → that value;</li>
 *   <li>else valid UTF-8 text → a JSON string of the text;</li>
 *   <li>else (binary, e.g. {@code graph.gpickle}) → {@code null}, and the caller adds a {@code contents_note} pointing
 *       at the raw download route, which serves the exact bytes.</li>
 * </ul>
 * Inline contents are read into memory, so they are capped at {@link #INLINE_MAX_BYTES} (16 MiB); bigger files are
 * refused with 422 by the service and must be fetched from {@code …/files/raw}.
 *
 * @param bytes the file's bytes
 * @param kind  how they are rendered
 */
public record FileContents(byte[] bytes, Kind kind) {

    /** Largest file, in bytes, whose contents are put inline into a JSON answer: 16 MiB. */
    public static final long INLINE_MAX_BYTES = 16L * 1024 * 1024;

    private static final JsonFactory JSON = new JsonFactory();

    /** How the contents are rendered. */
    public enum Kind { JSON, TEXT, BINARY }

    /**
     * Reads at most {@code maxBytes} bytes and classifies them.
     *
     * @return null when the stream holds more than {@code maxBytes} bytes
     * @throws IOException when reading fails
     */
    public static FileContents read(InputStream in, long maxBytes) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1));
        if (bytes.length > maxBytes) {
            return null;
        }
        return classify(bytes);
    }

    /** Classifies bytes as JSON, text or binary. */
    public static FileContents classify(byte[] bytes) {
        if (isJson(bytes)) {
            return new FileContents(bytes, Kind.JSON);
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return new FileContents(bytes, Kind.TEXT);
        } catch (CharacterCodingException e) {
            return new FileContents(bytes, Kind.BINARY);
        }
    }

    private static boolean isJson(byte[] bytes) {
        try (JsonParser p = JSON.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the value (JSON value, string, or null) at the generator's current position. */
    public void writeTo(JsonGenerator out) throws IOException {
        switch (kind) {
            case JSON -> {
                try (JsonParser p = JSON.createParser(bytes)) {
                    p.nextToken();
                    out.copyCurrentStructure(p);
                }
            }
            case TEXT -> out.writeString(new String(bytes, StandardCharsets.UTF_8));
            case BINARY -> out.writeNull();
            default -> throw new IllegalStateException(String.valueOf(kind));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileContents c && c.kind == kind && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + kind.hashCode();
    }

    @Override
    public String toString() {
        return "FileContents[" + kind + ", " + bytes.length + " bytes]";
    }
}
