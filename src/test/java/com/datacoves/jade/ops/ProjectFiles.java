package com.datacoves.jade.ops;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Files of the project checkout, for the packaging tests (Dockerfile, compose file, manifests, exports). */
final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The project folder: {@code jade.project.dir} (set by Maven) or the working directory. */
    static Path root() {
        return Path.of(System.getProperty("jade.project.dir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /** A file of the project, read as UTF-8. */
    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file, as plain maps and lists (snakeyaml, safe constructor). */
    static List<Object> yamlDocuments(String relative) {
        List<Object> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(relative))) {
            if (doc != null) {
                docs.add(doc);
            }
        }
        return docs;
    }
}
