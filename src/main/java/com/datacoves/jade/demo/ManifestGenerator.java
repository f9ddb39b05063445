package com.datacoves.jade.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes synthetic dbt manifests (schema v12, {@code https://schemas.getdbt.com/dbt/manifest/v12.json}) of any size,
 * streaming through a Jackson {@link JsonGenerator}; memory grows only with the number of models (the DAG edges), not
 * with the output. Deterministic: the same seed and size give the same bytes.
 *
 * <p>Contents: {@code metadata}; {@code nodes} with models, one {@code not_null} test per model and seeds;
 * {@code sources}, {@code macros}, {@code docs}, {@code exposures}, {@code metrics}, {@code groups},
 * {@code selectors}, {@code disabled}, {@code parent_map}, {@code child_map}, {@code group_map},
 * {@code saved_queries}, {@code semantic_models}, {@code unit_tests}. Used by tests, the demo and benchmarks.
 */
public final class ManifestGenerator {

    /** Schema URL written into {@code metadata.dbt_schema_version}. */
    public static final String SCHEMA = "https://schemas.getdbt.com/dbt/manifest/v12.json";
    /** The dbt project name used in unique ids. */
    public static final String PROJECT = "jade_generated";

    private static final JsonFactory JSON = new JsonFactory();

    private final long seed;

    /** A generator whose output depends only on {@code seed} and the size asked for. */
    public ManifestGenerator(long seed) {
        this.seed = seed;
    }

    /** Number of seeds written for {@code models} models. */
    public static int seedCount(int models) {
        return models / 10 + 1;
    }

    /** Number of sources written for {@code models} models. */
    public static int sourceCount(int models) {
        return models / 5 + 1;
    }

    /** Number of {@code nodes} entries (models, tests, seeds) written for {@code models} models. */
    public static int nodeCount(int models) {
        return 2 * models + seedCount(models);
    }

    /**
     * Writes a manifest with {@code models} models (plus tests and seeds) to {@code out}, not closing it.
     *
     * @param models number of models, at least 1
     * @throws IOException when writing fails
     */
    public void write(int models, OutputStream out) throws IOException {
        if (models < 1) {
            throw new IllegalArgumentException("models must be at least 1");
        }
        new Writer(models, new Random(seed)).write(out);
    }

    /**
     * Writes a manifest of about {@code targetBytes} bytes (at least one model), not closing {@code out}.
     *
     * @return the number of models written
     * @throws IOException when writing fails
     */
    public int writeAbout(long targetBytes, OutputStream out) throws IOException {
        CountingSink sample = new CountingSink();
        new Writer(50, new Random(seed)).write(sample);
        CountingSink base = new CountingSink();
        new Writer(1, new Random(seed)).write(base);
        double perModel = (sample.count - base.count) / 49.0;
        int models = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 4, (targetBytes - base.count) / perModel + 1));
        write(models, out);
        return models;
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** One manifest's writing state. */
    private static final class Writer {
        private final int models;
        private final Random random;
        private final int[][] parents;
        private JsonGenerator g;

        Writer(int models, Random random) {
            this.models = models;
            this.random = random;
            this.parents = new int[models][];
            for (int i = 0; i < models; i++) {
                int n = i == 0 ? 0 : 1 + random.nextInt(Math.min(3, i));
                int[] p = new int[n];
                for (int k = 0; k < n; k++) {
                    p[k] = random.nextInt(i);
                }
                parents[i] = java.util.Arrays.stream(p).distinct().sorted().toArray();
            }
        }

        void write(OutputStream out) throws IOException {
            try (JsonGenerator gen = JSON.createGenerator(out)) {
                gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g = gen;
                g.writeStartObject();
                ManifestGeneratorParts.metadata(g, random, models);
                g.writeObjectFieldStart("nodes");
                for (int i = 0; i < models; i++) {
                    ManifestGeneratorParts.model(g, random, i, modelParents(i), sourceOf(i));
                    ManifestGeneratorParts.test(g, i);
                }
                for (int s = 0; s < seedCount(models); s++) {
                    ManifestGeneratorParts.seed(g, s);
                }
                g.writeEndObject();
                g.writeObjectFieldStart("sources");
                for (int s = 0; s < sourceCount(models); s++) {
                    ManifestGeneratorParts.source(g, s);
                }
                g.writeEndObject();
                ManifestGeneratorExtras.rest(g, ManifestGeneratorParts.modelId(0));
                writeMaps();
                g.writeEndObject();
            }
        }

        private List<String> modelParents(int i) {
            List<String> ids = new ArrayList<>();
            for (int p : parents[i]) {
                ids.add(ManifestGeneratorParts.modelId(p));
            }
            return ids;
        }

        private String sourceOf(int i) {
            return i < sourceCount(models) ? ManifestGeneratorParts.sourceId(i) : null;
        }

        private void writeMaps() throws IOException {
            List<List<String>> children = new ArrayList<>();
            for (int i = 0; i < models; i++) {
                children.add(new ArrayList<>());
            }
            for (int i = 0; i < models; i++) {
                for (int p : parents[i]) {
                    children.get(p).add(ManifestGeneratorParts.modelId(i));
                }
            }
            g.writeObjectFieldStart("parent_map");
            for (int i = 0; i < models; i++) {
                List<String> ps = modelParents(i);
                if (sourceOf(i) != null) {
                    ps.add(0, sourceOf(i));
                }
                array(ManifestGeneratorParts.modelId(i), ps);
                array(ManifestGeneratorParts.testId(i), List.of(ManifestGeneratorParts.modelId(i)));
            }
            for (int s = 0; s < seedCount(models); s++) {
                array(ManifestGeneratorParts.seedId(s), List.of());
            }
            for (int s = 0; s < sourceCount(models); s++) {
                array(ManifestGeneratorParts.sourceId(s), List.of());
            }
            String first = ManifestGeneratorParts.modelId(0);
            array(ManifestGeneratorExtras.EXPOSURE, List.of(first));
            array(ManifestGeneratorExtras.SEMANTIC_MODEL, List.of(first));
            array(ManifestGeneratorExtras.METRIC, List.of(ManifestGeneratorExtras.SEMANTIC_MODEL));
            array(ManifestGeneratorExtras.DERIVED_METRIC, List.of(ManifestGeneratorExtras.METRIC));
            array(ManifestGeneratorExtras.SAVED_QUERY, List.of(ManifestGeneratorExtras.METRIC));
            g.writeEndObject();
            g.writeObjectFieldStart("child_map");
            for (int i = 0; i < models; i++) {
                List<String> cs = new ArrayList<>(children.get(i));
                cs.add(ManifestGeneratorParts.testId(i));
                if (i == 0) {
                    cs.add(ManifestGeneratorExtras.EXPOSURE);
                    cs.add(ManifestGeneratorExtras.SEMANTIC_MODEL);
                }
                array(ManifestGeneratorParts.modelId(i), cs);
                array(ManifestGeneratorParts.testId(i), List.of());
            }
            for (int s = 0; s < seedCount(models); s++) {
                array(ManifestGeneratorParts.seedId(s), List.of());
            }
            for (int s = 0; s < sourceCount(models); s++) {
                array(ManifestGeneratorParts.sourceId(s), s < models ? List.of(ManifestGeneratorParts.modelId(s))
                        : List.of());
            }
            array(ManifestGeneratorExtras.EXPOSURE, List.of());
            array(ManifestGeneratorExtras.SEMANTIC_MODEL, List.of(ManifestGeneratorExtras.METRIC));
            array(ManifestGeneratorExtras.METRIC, List.of(ManifestGeneratorExtras.DERIVED_METRIC,
                    ManifestGeneratorExtras.SAVED_QUERY));
            array(ManifestGeneratorExtras.DERIVED_METRIC, List.of());
            array(ManifestGeneratorExtras.SAVED_QUERY, List.of());
            g.writeEndObject();
            g.writeObjectFieldStart("group_map");
            g.writeArrayFieldStart("group.jade_generated.core");
            g.writeString(ManifestGeneratorParts.modelId(0));
            g.writeEndArray();
            g.writeEndObject();
        }

        private void array(String field, List<String> values) throws IOException {
            g.writeArrayFieldStart(field);
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
    }
}
