package com.datacoves.jade.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The declared variable table ({@link JadeVariable}) is the truth: the mapper reads exactly the variables declared as
 * read by it, the configuration files substitute exactly those declared as theirs, and the README documents each.
 */
class JadeVariableTest {

    /** An environment that records every variable looked up in it. */
    private static final class Recording extends HashMap<String, String> {
        final Set<String> asked;

        Recording(Map<String, String> values, Set<String> asked) {
            super(values);
            this.asked = asked;
        }

        @Override
        public String get(Object key) {
            asked.add((String) key);
            return super.get(key);
        }

        @Override
        public String getOrDefault(Object key, String fallback) {
            asked.add((String) key);
            return super.getOrDefault(key, fallback);
        }

        @Override
        public boolean containsKey(Object key) {
            asked.add((String) key);
            return super.containsKey(key);
        }
    }

    @Test
    void theMapperReadsExactlyTheVariablesDeclaredAsItsOwn() {
        Set<String> asked = new TreeSet<>();
        // one environment per branch of the mapper: each storage adapter, Airflow derivation on, databases by parts
        List<Map<String, String>> environments = List.of(
                Map.of(),
                Map.of("STORAGE_ADAPTER", "local"),
                Map.of("STORAGE_ADAPTER", "s3", "S3_BUCKET_NAME", "b", "S3_REGION", "eu-west-1"),
                Map.of("STORAGE_ADAPTER", "blob", "BLOB_CONTAINER", "c", "BLOB_STORAGE_ACCOUNT_NAME", "a",
                        "BLOB_STORAGE_ACCOUNT_KEY", "k"),
                Map.of("STORAGE_ADAPTER", "blob", "BLOB_CONTAINER", "c",
                        "BLOB_STORAGE_ACCOUNT_CONNECTION_STRING", "UseDevelopmentStorage=true"),
                Map.of("CONNECT_TO_AIRFLOW", "true", "FERNET_KEY", "k", "JADE_MANIFEST_RETENTION", "3"),
                Map.of("DB_URL", "postgres://u:p@h/db", "DATACOVES_DB_URL", "postgres://u:p@h/dc"));
        for (Map<String, String> env : environments) {
            Recording recording = new Recording(env, asked);
            JadeEnvironment jade = new JadeEnvironment(recording);
            jade.properties();
            jade.jadeDatabase();
            jade.datacovesDatabase();
        }
        assertEquals(declared(JadeVariable.ReadBy.MAPPER), asked);
    }

    @Test
    void plainVariablesBecomeTheirPropertiesTrimmed() {
        for (JadeVariable v : JadeVariable.values()) {
            if (v.copiedTo() != null) {
                assertEquals("42", new JadeEnvironment(Map.of(v.name(), " 42 ")).properties().get(v.copiedTo()),
                        v.name());
            }
        }
        assertFalse(new JadeEnvironment(Map.of("SECRET_KEY", " ")).properties()
                .containsKey("jade.deployments.secret-key"), "a blank value is unset");
    }

    @Test
    void configurationFilesSubstituteExactlyTheirDeclaredVariables() throws IOException {
        assertEquals(declared(JadeVariable.ReadBy.SERVER_CONFIG),
                placeholders("src/main/resources/application.yml", "\\$\\{([A-Z][A-Z0-9_]*):"));
        assertEquals(declared(JadeVariable.ReadBy.LOGGING),
                placeholders("src/main/resources/logback.xml", "\\$\\{([A-Z][A-Z0-9_]*):-"));
    }

    @Test
    void theReadmeDocumentsEveryDeclaredVariableAndNoOther() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        for (JadeVariable v : JadeVariable.values()) {
            assertTrue(readme.contains("`" + v.name() + "`") || readme.contains(v.name() + "="),
                    v.name() + " is declared but the README does not name it");
        }
        // every full variable name in the first column of a README table is one Jade reads
        Matcher row = Pattern.compile("(?m)^\\| ([^|]+) \\|").matcher(readme);
        Matcher name = Pattern.compile("`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`").matcher("");
        Set<String> unknown = new TreeSet<>();
        while (row.find()) {
            name.reset(row.group(1));
            while (name.find()) {
                if (!JadeVariable.reads(name.group(1))) {
                    unknown.add(name.group(1));
                }
            }
        }
        assertEquals(Set.of(), unknown, "README tables name variables Jade does not read");
    }

    @Test
    void familiesNameTheirMembersAndRefuseUnknownFields() {
        assertEquals(new JadeVariable.Member("dev123", "url"),
                JadeVariable.Family.AIRFLOW_DATABASE.member("JADE_AIRFLOW_ENVIRONMENTS_DEV123_URL").orElseThrow());
        assertEquals(new JadeVariable.Member("my_env", "token"),
                JadeVariable.Family.AIRFLOW_API.member("JADE_AIRFLOW_API_ENVIRONMENTS_MY_ENV_TOKEN").orElseThrow());
        assertTrue(JadeVariable.Family.AIRFLOW_DATABASE.member("DB_URL").isEmpty());
        SettingException e = assertThrows(SettingException.class,
                () -> new JadeEnvironment(Map.of("JADE_AIRFLOW_ENVIRONMENTS_DEV123_TOKEN", "x")).properties());
        assertTrue(e.getMessage().startsWith("JADE_AIRFLOW_ENVIRONMENTS_DEV123_TOKEN is not understood"),
                e.getMessage());
        assertFalse(JadeVariable.reads("JADE_AIRFLOW_ENVIRONMENTS_DEV123_PORT"));
        assertFalse(JadeVariable.reads("DB_PASSWORD"), "a near miss is not a variable");
    }

    private static Set<String> declared(JadeVariable.ReadBy reader) {
        return Arrays.stream(JadeVariable.values()).filter(v -> v.readBy().contains(reader)).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> placeholders(String file, String pattern) throws IOException {
        Matcher m = Pattern.compile(pattern).matcher(Files.readString(root().resolve(file)));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Path root() {
        return Path.of(System.getProperty("jade.project.dir", System.getProperty("user.dir"))).toAbsolutePath();
    }
}
