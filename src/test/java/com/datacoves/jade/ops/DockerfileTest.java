package com.datacoves.jade.ops;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static checks of the {@code Dockerfile} and {@code .dockerignore} (no Docker engine here): the README's build
 * command, the entry point, the healthcheck route, a non-root user, and that everything the build copies exists and
 * is not excluded from the build context.
 */
class DockerfileTest {

    private final String dockerfile = ProjectFiles.read("Dockerfile");
    private final List<String> ignored = ProjectFiles.read(".dockerignore").lines()
            .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

    @Test
    void buildsWithTheReadmeCommandAndRunsTheJar() {
        assertTrue(ProjectFiles.read("README.md").contains("./mvnw package -DskipTests"));
        assertTrue(dockerfile.contains("./mvnw -B -q package -DskipTests"));
        assertTrue(dockerfile.contains("COPY --from=build /src/target/jade.jar /app/jade.jar"));
        assertTrue(dockerfile.contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/jade.jar\"]"));
        assertTrue(dockerfile.contains("CMD [\"serve\"]"));
        assertTrue(dockerfile.contains("EXPOSE 4000"));
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
        assertTrue(user.find());
        assertFalse(user.group(1).startsWith("root") || user.group(1).startsWith("0"), user.group(1));
        assertEquals(2, Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count());
    }

    @Test
    void healthcheckCallsADocumentedRoute() throws Exception {
        Matcher m = Pattern.compile("HEALTHCHECK[^\\n]*\\\\\\n\\s*CMD curl [^\\n]*\\}(/[a-z0-9/]+)").matcher(dockerfile);
        assertTrue(m.find(), "HEALTHCHECK with curl");
        String route = m.group(1);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/swagger/jade.json")) {
            assertNotNull(in);
            String doc = new String(in.readAllBytes());
            assertTrue(doc.contains("\"" + route + "\""), route + " is in the OpenAPI document");
        }
        assertTrue(dockerfile.contains("apt-get install -y --no-install-recommends curl"), "curl is installed explicitly");
    }

    @Test
    void everythingCopiedExistsAndIsInTheBuildContext() {
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(.+) \\S+$").matcher(dockerfile);
        int sources = 0;
        while (copy.find()) {
            for (String source : copy.group(1).trim().split("\\s+")) {
                String path = source.replaceAll("/$", "");
                assertTrue(Files.exists(ProjectFiles.root().resolve(path)), path + " exists");
                for (String rule : ignored) {
                    String r = rule.replaceAll("/$", "");
                    assertFalse(path.equals(r) || path.startsWith(r + "/"), path + " is excluded by " + rule);
                }
                sources++;
            }
        }
        assertTrue(sources >= 6, "copies .mvn, mvnw, pom.xml, db, src/main, …");
        assertTrue(ignored.contains("target/") && ignored.contains(".jade/") && ignored.contains(".git"));
    }
}
