package com.datacoves.jade.discovery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.Set;

import static com.datacoves.jade.discovery.ArtifactJson.text;

/**
 * Streams a {@code run_results.json}: one small {@link NodeResult} per result (no compiled code, messages cut) to a
 * {@link Sink} as the file is read, then the file's {@link Summary}. dbt writes {@code args} — which says whether the
 * command executed nodes — after {@code results}, so the caller learns it only at the end (and discards what it
 * wrote when the command does not count).
 */
final class RunResultsReader {

    /**
     * dbt commands whose results are executions ({@code args.which}). {@code dbt docs generate}, {@code compile},
     * {@code show}, {@code list} and the like also write run_results.json, but build nothing: their results must not
     * change a node's last run (dbt Cloud counts only runs that execute nodes).
     */
    static final Set<String> EXECUTING = Set.of("run", "build", "test", "seed", "snapshot", "retry", "clone");

    /** Statuses that count as a node's error ({@code lastRunError} is only set for these). */
    static final Set<String> ERRORS = Set.of("error", "fail", "warn", "runtime error");

    /**
     * One node's result.
     *
     * @param uniqueId           the node
     * @param status             dbt's status ({@code success}, {@code error}, {@code skipped}, {@code pass},
     *                           {@code fail}, {@code warn})
     * @param error              the message of an error, failing or warning result; null otherwise
     * @param failures           failing rows of a test
     * @param threadId           dbt's thread
     * @param compileStartedAt   timing {@code compile}
     * @param compileCompletedAt timing {@code compile}
     * @param executeStartedAt   timing {@code execute}
     * @param executeCompletedAt timing {@code execute}
     * @param executionTime      {@code execution_time} in seconds
     */
    public record NodeResult(String uniqueId, @Nullable String status, @Nullable String error, @Nullable Long failures,
                      @Nullable String threadId, @Nullable OffsetDateTime compileStartedAt,
                      @Nullable OffsetDateTime compileCompletedAt, @Nullable OffsetDateTime executeStartedAt,
                      @Nullable OffsetDateTime executeCompletedAt, @Nullable Double executionTime) {
    }

    /** Receives each result with a unique id, in file order. */
    interface Sink {
        /** One result. */
        void result(NodeResult result) throws IOException;
    }

    /**
     * What the file says besides its results, known once it has been read to its end.
     *
     * @param which        {@code args.which}, null when the file has no args
     * @param generatedAt  {@code metadata.generated_at}
     * @param invocationId {@code metadata.invocation_id}
     * @param elapsedTime  {@code elapsed_time} in seconds (the whole invocation)
     */
    public record Summary(@Nullable String which, @Nullable OffsetDateTime generatedAt, @Nullable String invocationId,
                          @Nullable Double elapsedTime) {

        /** True when the command executed nodes (or the file does not say). */
        boolean executes() {
            return which == null || EXECUTING.contains(which);
        }
    }

    private RunResultsReader() {
    }

    /**
     * Reads the file to its end, handing each result to the sink as it comes.
     *
     * @throws IOException when the bytes are not a JSON object, or the sink throws
     */
    static Summary read(InputStream in, Sink sink) throws IOException {
        String which = null;
        OffsetDateTime generatedAt = null;
        String invocationId = null;
        Double elapsed = null;
        try (JsonParser p = ArtifactJson.MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("run_results.json is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "metadata" -> {
                        JsonNode m = ArtifactJson.MAPPER.readTree(p);
                        generatedAt = ArtifactJson.time(m, "generated_at");
                        invocationId = text(m, "invocation_id");
                    }
                    case "args" -> which = text(ArtifactJson.MAPPER.readTree(p), "which");
                    case "elapsed_time" -> elapsed = t.isNumeric() ? p.getDoubleValue() : null;
                    case "results" -> ArtifactJson.forEachEntry(p, (key, r) -> {
                        NodeResult result = result(r);
                        if (result != null) {
                            sink.result(result);
                        }
                    });
                    default -> p.skipChildren();
                }
            }
        }
        return new Summary(which, generatedAt, invocationId, elapsed);
    }

    @Nullable
    private static NodeResult result(JsonNode r) {
        String uniqueId = text(r, "unique_id");
        if (uniqueId == null) {
            return null;
        }
        OffsetDateTime cs = null, cc = null, es = null, ec = null;
        for (JsonNode timing : r.path("timing")) {
            if ("compile".equals(text(timing, "name"))) {
                cs = ArtifactJson.time(timing, "started_at");
                cc = ArtifactJson.time(timing, "completed_at");
            } else if ("execute".equals(text(timing, "name"))) {
                es = ArtifactJson.time(timing, "started_at");
                ec = ArtifactJson.time(timing, "completed_at");
            }
        }
        String status = text(r, "status");
        String error = status != null && ERRORS.contains(status) ? ArtifactJson.cut(text(r, "message")) : null;
        JsonNode failures = r.get("failures");
        return new RunResultsReader.NodeResult(uniqueId, status, error,
                failures != null && failures.isNumber() ? failures.asLong() : null, text(r, "thread_id"),
                cs, cc, es, ec, ArtifactJson.number(r, "execution_time"));
    }
}
