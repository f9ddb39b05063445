package com.datacoves.jade.manifests;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Real dbt artifacts (manifests, run results, catalogs of several dbt versions), from system property {@code jade.artifacts.dir}; skips when absent. */
public final class Artifacts {

    private Artifacts() {
    }

    /** The first real artifact whose name ends with {@code suffix} (e.g. {@code __run_results.json}), or skip. */
    public static Path named(String suffix) {
        String dir = System.getProperty("jade.artifacts.dir", "../shared/data/dbt-artifacts");
        Path path = Path.of(dir);
        Assumptions.assumeTrue(Files.isDirectory(path), "dbt artifacts folder " + path.toAbsolutePath()
                + " is absent (set -Djade.artifacts.dir); tests on real artifacts are skipped");
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().findFirst()
                    .orElseThrow(() -> new org.opentest4j.TestAbortedException("no *" + suffix + " in " + path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code *__manifest.json}, or the test is skipped with the reason. */
    public static List<Path> manifests() {
        String dir = System.getProperty("jade.artifacts.dir", "../shared/data/dbt-artifacts");
        Path path = Path.of(dir);
        Assumptions.assumeTrue(Files.isDirectory(path), "dbt artifacts folder " + path.toAbsolutePath()
                + " is absent (set -Djade.artifacts.dir); tests on real manifests are skipped");
        try (Stream<Path> files = Files.list(path)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith("__manifest.json")).sorted()
                    .toList();
            Assumptions.assumeFalse(found.isEmpty(), "no *__manifest.json in " + path.toAbsolutePath());
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
