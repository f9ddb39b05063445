package com.datacoves.jade.bench;

import com.datacoves.jade.manifests.ManifestInspector;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Benchmark helper (bench/manifests.sh): how fast one core checks the manifest's JSON the way an upload's validator
 * thread does ({@link ManifestInspector#shape}; the size and SHA-256 are the other thread's), read from the page cache.
 * An upload can go no faster than this, whatever the transport. Usage: {@code ValidateManifest <file> [runs=5]}; prints the median
 * MB/s (MB = 2^20 bytes) over the runs after the first (JIT warm-up).
 */
public final class ValidateManifest {

    private ValidateManifest() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double[] mbps = new double[runs];
        for (int i = 0; i <= runs; i++) {
            long t0 = System.nanoTime();
            // read in large pieces, as the validator gets them from its pipe (not 8 KB system calls)
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                ManifestInspector.shape(in);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (i > 0) {
                mbps[i - 1] = Files.size(file) / 1048576.0 / seconds;
            }
        }
        Arrays.sort(mbps);
        System.out.printf("%.1f%n", mbps[runs / 2]);
    }
}
