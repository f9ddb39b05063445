package com.datacoves.jade.discovery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.datacoves.jade.discovery.ArtifactJson.text;

/**
 * Streams a {@code run_results.json} into one small {@link NodeResult} per result (no compiled code, messages cut),
 * because dbt writes {@code args} — which says what command produced the file — after {@code results}.
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

    /**
     * A whole file.
     *
     * @param which        {@code args.which}, null when the file has no args
     * @param generatedAt  {@code metadata.generated_at}
     * @param invocationId {@code metadata.invocation_id}
     * @param elapsedTime  {@code elapsed_time} in seconds (the whole invocation)
     * @param results      the results in file order
     */
    public record RunResults(@Nullable String which, @Nullable OffsetDateTime generatedAt, @Nullable String invocationId,
                      @Nullable Double elapsedTime, List<NodeResult> results) {

        /** True when the command executed nodes (or the file does not say). */
        boolean executes() {
            return which == null || EXECUTING.contains(which);
        }
    }

    private RunResultsReader() {
    }

    /**
     * Reads the file to its end.
     *
     * @throws IOException when the bytes are not a JSON object
     */
    static RunResults read(InputStream in) throws IOException {
        String which = null;
        OffsetDateTime generatedAt = null;
        String invocationId = null;
        Double elapsed = null;
        List<NodeResult> results = new ArrayList<>();
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
                            results.add(result);
                        }
                    });
                    default -> p.skipChildren();
                }
            }
        }
        return new RunResults(which, generatedAt, invocationId, elapsed, results);
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
