package com.datacoves.jade.ops;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables Jade reads, taken from the source that reads them, so that packaging files cannot set a
 * variable nobody reads (a typo, or a name from another service):
 * <ul>
 *   <li>{@code config/JadeEnvironment.java}: string literals in {@code env.get("…")}, {@code copy(p, "…"},
 *       {@code required(env, "…"}, {@code getOrDefault("…"}, the pool-size names and database prefixes passed to
 *       {@code DatabaseSettings.fromEnvironment}, and the per-environment families
 *       ({@code AIRFLOW_PREFIX}, {@code String prefix = "JADE_…_"}: {@code JADE_AIRFLOW_ENVIRONMENTS_<SLUG>_URL|USER|PASSWORD},
 *       {@code JADE_AIRFLOW_API_ENVIRONMENTS_<SLUG>_…|TOKEN});</li>
 *   <li>{@code config/DatabaseSettings.java}: {@code prefix + "DB_…"} names, combined with each prefix above, and its
 *       own literals (e.g. {@code DB_SSL_ENABLED});</li>
 *   <li>{@code logback.xml}: {@code ${NAME:-default}} substitutions ({@code JADE_LOG_LEVEL}, {@code JADE_LOG_FORMAT}).</li>
 * </ul>
 */
final class JadeVariables {

    private static final String CONFIG = "src/main/java/com/datacoves/jade/config/";
    private static final Pattern LITERAL_CALL = Pattern.compile(
            "(?:env\\.get|copy\\(p,|required\\(env,|getOrDefault|positiveInt\\(env,)\\(?\\s*\"([A-Z][A-Z0-9_]*)\"");
    private static final Pattern FROM_ENVIRONMENT = Pattern.compile(
            "fromEnvironment\\(env,\\s*\"([A-Z_]*)\",\\s*\"[^\"]*\",\\s*\"([A-Z][A-Z0-9_]*)\"\\)");
    private static final Pattern PREFIXED = Pattern.compile("prefix \\+ \"([A-Z][A-Z0-9_]*)\"");
    /** Per-environment families: {@code AIRFLOW_PREFIX = "…"} and local {@code String prefix = "JADE_…_"}. */
    private static final Pattern FAMILY_PREFIX = Pattern.compile(
            "(?:AIRFLOW_PREFIX|String prefix) = \"(JADE_[A-Z_]+_)\"");
    private static final Pattern LOGBACK = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):-");

    private final Set<String> names = new TreeSet<>();
    private final Set<String> familyPrefixes = new TreeSet<>();

    private JadeVariables(String environmentSource, String databaseSource, String logback) {
        Set<String> prefixes = new TreeSet<>();
        addAll(LITERAL_CALL, environmentSource);
        Matcher m = FROM_ENVIRONMENT.matcher(environmentSource);
        while (m.find()) {
            prefixes.add(m.group(1));
            names.add(m.group(2));
        }
        addAll(LITERAL_CALL, databaseSource);
        Matcher p = PREFIXED.matcher(databaseSource);
        while (p.find()) {
            for (String prefix : prefixes) {
                names.add(prefix + p.group(1));
            }
        }
        addAll(LOGBACK, logback);
        Matcher a = FAMILY_PREFIX.matcher(environmentSource);
        while (a.find()) {
            familyPrefixes.add(a.group(1));
        }
    }

    /** Reads the names from the project's sources. */
    static JadeVariables fromSources() {
        return new JadeVariables(ProjectFiles.read(CONFIG + "JadeEnvironment.java"),
                ProjectFiles.read(CONFIG + "DatabaseSettings.java"),
                ProjectFiles.read("src/main/resources/logback.xml"));
    }

    private void addAll(Pattern pattern, String source) {
        Matcher m = pattern.matcher(source);
        while (m.find()) {
            names.add(m.group(1));
        }
    }

    /** The fixed names (without the per-environment Airflow family). */
    Set<String> names() {
        return names;
    }

    /** True when Jade reads the variable. */
    boolean reads(String name) {
        if (names.contains(name)) {
            return true;
        }
        return familyPrefixes.stream().anyMatch(prefix -> name.startsWith(prefix)
                && name.substring(prefix.length()).matches("[A-Z0-9_]+_(URL|USER|USERNAME|PASS|PASSWORD|TOKEN)"));
    }
}
