package com.datacoves.jade.demo;

import java.util.Locale;

/**
 * The Airflow version whose table shapes the demo and the tests create for each Airflow environment: Airflow 2.10
 * (what Datacoves deploys today) or Airflow 3.0. The shapes are those {@code airflow db migrate} gives in PostgreSQL
 * ({@code /demo/airflow-2.10.sql}, {@code /demo/airflow-3.0.sql}); {@code docs/airflow.md} lists what differs.
 */
public enum DemoAirflow {
    /** Airflow 2.10: {@code execution_date}, {@code external_trigger}, {@code schedule_interval}, {@code is_active}. */
    V2_10("2.10", "/demo/airflow-2.10.sql"),
    /** Airflow 3.0: nullable {@code logical_date}, {@code run_after}, {@code triggered_by}, {@code timetable_summary}. */
    V3_0("3.0", "/demo/airflow-3.0.sql");

    private final String label;
    private final String script;

    DemoAirflow(String label, String script) {
        this.label = label;
        this.script = script;
    }

    /** The version as users write it: {@code 2.10} or {@code 3.0}. */
    public String label() {
        return label;
    }

    /** The classpath resource that creates the tables. */
    String script() {
        return script;
    }

    /**
     * Parses {@code 2}, {@code 2.10}, {@code 3} or {@code 3.0}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static DemoAirflow parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "2", "2.10" -> V2_10;
            case "3", "3.0" -> V3_0;
            default -> throw new IllegalArgumentException("unknown Airflow version '" + text + "' (use 2.10 or 3.0)");
        };
    }

    @Override
    public String toString() {
        return label;
    }

    /** Reads the {@code --airflow} option of the demo commands with {@link #parse}. */
    static final class Option implements picocli.CommandLine.ITypeConverter<DemoAirflow> {
        @Override
        public DemoAirflow convert(String value) {
            return parse(value);
        }
    }
}
