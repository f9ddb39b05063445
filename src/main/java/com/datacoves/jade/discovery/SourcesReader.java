package com.datacoves.jade.discovery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;

import static com.datacoves.jade.discovery.ArtifactJson.text;

/**
 * Streams a {@code sources.json} ({@code dbt source freshness}): one {@link Check} per source to a {@link Sink} as the
 * file is read.
 */
final class SourcesReader {

    /**
     * One source's freshness check.
     *
     * @param uniqueId      the source
     * @param status        {@code pass}, {@code warn}, {@code error} or {@code runtime error}
     * @param error         the message of a failed check
     * @param maxLoadedAt   the newest loaded row's time
     * @param snapshottedAt when the check ran
     * @param ageSeconds    {@code max_loaded_at_time_ago_in_s}
     * @param criteriaJson  {@code criteria} ({@code warn_after}, {@code error_after})
     */
    public record Check(String uniqueId, @Nullable String status, @Nullable String error,
                 @Nullable OffsetDateTime maxLoadedAt, @Nullable OffsetDateTime snapshottedAt,
                 @Nullable Double ageSeconds, @Nullable String criteriaJson) {
    }

    /** Receives each check with a unique id, in file order. */
    interface Sink {
        /** One check. */
        void check(Check check) throws IOException;
    }

    private SourcesReader() {
    }

    /**
     * Reads the file to its end, handing each check to the sink as it comes.
     *
     * @return {@code metadata.generated_at}, or null when the file has none
     * @throws IOException when the bytes are not a JSON object, or the sink throws
     */
    @Nullable
    static OffsetDateTime read(InputStream in, Sink sink) throws IOException {
        OffsetDateTime generatedAt = null;
        try (JsonParser p = ArtifactJson.MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("sources.json is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "metadata" -> generatedAt = ArtifactJson.time(ArtifactJson.MAPPER.readTree(p), "generated_at");
                    case "results" -> ArtifactJson.forEachEntry(p, (key, r) -> {
                        String uniqueId = text(r, "unique_id");
                        if (uniqueId != null) {
                            String status = text(r, "status");
                            sink.check(new Check(uniqueId, status,
                                    "pass".equals(status) ? null : ArtifactJson.cut(text(r, "error")),
                                    ArtifactJson.time(r, "max_loaded_at"), ArtifactJson.time(r, "snapshotted_at"),
                                    ArtifactJson.number(r, "max_loaded_at_time_ago_in_s"),
                                    ArtifactJson.json(r, "criteria")));
                        }
                    });
                    default -> p.skipChildren();
                }
            }
        }
        return generatedAt;
    }
}
