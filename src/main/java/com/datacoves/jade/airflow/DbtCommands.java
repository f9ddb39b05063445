package com.datacoves.jade.airflow;

import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the dbt commands an Airflow task ran in the text of its rendered template fields (Airflow's
 * {@code rendered_task_instance_fields}): a {@code bash_command} (BashOperator, Datacoves' {@code DatacovesDbtOperator}),
 * a {@code command} or {@code dbt_command} field, or a Kubernetes pod's {@code cmds} and {@code arguments} joined by
 * spaces (docs/runs.md, "Run steps"). Two spellings are recognised:
 * <ul>
 *   <li>{@code dbt <subcommand> …} — {@code dbt build -s tag:daily};</li>
 *   <li>{@code dbt-coves dbt [options] -- <subcommand> …} — Datacoves' wrapper; answered as {@code dbt <subcommand> …}.</li>
 * </ul>
 * A command ends at a line break, {@code ;}, {@code &}, {@code |} or a closing quote. The text is cut at
 * {@link #MAX_TEXT} characters first, so the work per task is bounded.
 */
public final class DbtCommands {

    /** Longest rendered text, in characters, that is searched. */
    public static final int MAX_TEXT = 64 * 1024;
    /** Longest command kept, in characters (longer ones are cut). */
    public static final int MAX_COMMAND = 1_000;

    private static final String SUBCOMMANDS = "build|run|test|seed|snapshot|compile|docs\\s+generate"
            + "|source\\s+freshness|run-operation|ls|list|parse|clone|retry|show|deps";
    private static final Pattern COMMAND = Pattern.compile(
            "(?:^|(?<=[\\s;&|(\"'/=]))(?:dbt-coves\\s+dbt\\b[^\\n;&|]*?\\s--\\s+|dbt\\s+)(" + SUBCOMMANDS
                    + ")(?=$|[\\s;&|\"')])([^\\n;&|\"']*)");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private DbtCommands() {
    }

    /**
     * The dbt commands found in {@code rendered}, in order, each normalised to {@code dbt <subcommand> <args>} with
     * single spaces.
     *
     * @param rendered the rendered fields' text, or null
     * @return the commands; empty when none
     */
    public static List<String> in(@Nullable String rendered) {
        List<String> out = new ArrayList<>();
        if (rendered == null || rendered.isEmpty()) {
            return out;
        }
        String text = rendered.length() > MAX_TEXT ? rendered.substring(0, MAX_TEXT) : rendered;
        Matcher m = COMMAND.matcher(text);
        while (m.find()) {
            String sub = SPACES.matcher(m.group(1)).replaceAll(" ");
            String command = SPACES.matcher(("dbt " + sub + " " + m.group(2)).strip()).replaceAll(" ");
            out.add(command.length() > MAX_COMMAND ? command.substring(0, MAX_COMMAND) : command);
        }
        return out;
    }

    /**
     * False for {@code dbt deps}: dbt Cloud installs packages before every run without listing it in a job's
     * {@code execute_steps}.
     */
    public static boolean isExecuteStep(String command) {
        return !command.equals("dbt deps") && !command.startsWith("dbt deps ");
    }
}
