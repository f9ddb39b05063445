package com.datacoves.jade.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Jade's FileJSON: {@code {"data":{"slug","filename","tag","contents","environment_slug","path","inserted_at"}}} or
 * {@code {"data":[…]}} for a multi-file upload. {@code path} is the storage key; {@code inserted_at} is UTC, ISO-8601,
 * whole seconds ({@code 2024-01-01T00:00:00Z}) as Jade's {@code utc_datetime}. For binary files {@code contents} is
 * null and {@code contents_note} names the raw route (our addition).
 */
public final class FileJson {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One file with its contents.
     *
     * @param row      the file
     * @param contents its contents, classified
     */
    public record Item(FileRow row, FileContents contents) {
    }

    private FileJson() {
    }

    /** {@code {"data":{…}}} as UTF-8 bytes. */
    public static byte[] one(Item item) {
        return render(List.of(item), false);
    }

    /** {@code {"data":[…]}} as UTF-8 bytes. */
    public static byte[] many(List<Item> items) {
        return render(items, true);
    }

    private static byte[] render(List<Item> items, boolean list) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("data");
            if (list) {
                g.writeStartArray();
            }
            for (Item item : items) {
                write(g, item);
            }
            if (list) {
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Item item) throws IOException {
        FileRow row = item.row();
        g.writeStartObject();
        g.writeStringField("slug", row.slug().toString());
        g.writeStringField("filename", row.filename());
        g.writeStringField("tag", row.tag());
        g.writeFieldName("contents");
        item.contents().writeTo(g);
        if (item.contents().kind() == FileContents.Kind.BINARY) {
            g.writeStringField("contents_note", "contents not inline (binary, not UTF-8, or larger than 16 MiB): download the exact bytes from "
                    + "/api/v2/datacoves/environments/" + row.environmentSlug() + "/files/raw?slug=" + row.slug());
        }
        g.writeStringField("environment_slug", row.environmentSlug());
        g.writeStringField("path", row.storageKey());
        g.writeStringField("inserted_at", row.insertedAt() == null ? null
                : DateTimeFormatter.ISO_INSTANT.format(row.insertedAt().toInstant().truncatedTo(ChronoUnit.SECONDS)));
        g.writeNumberField("size_bytes", row.sizeBytes());
        g.writeStringField("sha256", row.sha256());
        g.writeEndObject();
    }
}
