package com.datacoves.jade.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.util.Arrays;

/**
 * Benchmark helper (bench/discovery.sh): the baseline of the Discovery extraction — parsing the given artifacts once
 * with Jackson, one entry of each top-level object or array (a node, a source, a result) as a tree at a time, which is
 * the least any extraction that reads every node must do. Usage: {@code ParseArtifacts <runs> <file>…}; prints the
 * median seconds (all files) over the runs after the first (JIT warm-up).
 */
public final class ParseArtifacts {

    private ParseArtifacts() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        ObjectMapper json = new ObjectMapper();
        double[] seconds = new double[runs];
        long entries = 0;
        for (int i = 0; i <= runs; i++) {
            long t0 = System.nanoTime();
            entries = 0;
            for (int f = 1; f < args.length; f++) {
                try (JsonParser p = json.getFactory().createParser(new File(args[f]))) {
                    p.nextToken(); // the root object
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        JsonToken value = p.nextToken();
                        if (value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                p.nextToken();
                                json.readTree(p);
                                entries++;
                            }
                        } else if (value == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                json.readTree(p);
                                entries++;
                            }
                        }
                    }
                }
            }
            if (i > 0) {
                seconds[i - 1] = (System.nanoTime() - t0) / 1e9;
            }
        }
        Arrays.sort(seconds);
        System.out.printf("%.2f %d%n", seconds[runs / 2], entries);
    }
}
