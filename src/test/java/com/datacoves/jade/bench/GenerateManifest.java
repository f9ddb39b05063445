package com.datacoves.jade.bench;

import com.datacoves.jade.demo.ManifestGenerator;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark helper (bench/manifests.sh): writes a schema-valid manifest of about the given size with
 * {@link ManifestGenerator}. Usage: {@code GenerateManifest <file> <megabytes> [seed]}; prints the models and bytes.
 */
public final class GenerateManifest {

    private GenerateManifest() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]) * 1024 * 1024;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
        int models;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            models = new ManifestGenerator(seed).writeAbout(bytes, out);
        }
        System.out.println(models + " models, " + Files.size(file) + " bytes");
    }
}
