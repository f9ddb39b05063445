package com.datacoves.jade.elixir;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code jade import-elixir} did (or, in a dry run, would do): per Elixir table how many rows were imported,
 * already present or skipped, every skipped row with its reason, the index rows whose ids changed and the sequences.
 * Not thread-safe.
 */
public final class ImportReport {

    /** The Elixir tables, in the order they are imported and reported. */
    public static final List<String> TABLES = List.of("job_ids", "job_run_ids", "manifests", "files");

    private final boolean dryRun;
    private final String source;
    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean indexChanged;

    /**
     * @param source where the Elixir database is, without credentials
     * @param dryRun true when nothing is written
     */
    public ImportReport(String source, boolean dryRun) {
        this.source = source;
        this.dryRun = dryRun;
        TABLES.forEach(t -> counts.put(t, new int[3]));
    }

    /** Adds {@code n} rows imported into Jade (would be, in a dry run). */
    public void imported(String table, int n) {
        counts.get(table)[0] += n;
    }

    /** Adds {@code n} rows Jade already had from an earlier import. */
    public void present(String table, int n) {
        counts.get(table)[1] += n;
    }

    /** One row not carried, and why (one line). */
    public void skipped(String table, long id, String reason) {
        counts.get(table)[2]++;
        skipped.add(table + " id " + id + ": " + reason);
    }

    /** A row not carried, described by the caller (one line starting with the table). */
    public void skipped(String table, String line) {
        counts.get(table)[2]++;
        skipped.add(line);
    }

    /** A line about the index or the sequences; {@code changed} when it describes a change. */
    public void note(String line, boolean changed) {
        notes.add(line);
        indexChanged |= changed;
    }

    /** Rows imported (or to import) in a table. */
    public int importedCount(String table) {
        return counts.get(table)[0];
    }

    /** Rows already present in a table. */
    public int presentCount(String table) {
        return counts.get(table)[1];
    }

    /** Rows skipped in a table. */
    public int skippedCount(String table) {
        return counts.get(table)[2];
    }

    /** True when the import changed (would change) anything in Jade. */
    public boolean changed() {
        return indexChanged || counts.values().stream().anyMatch(c -> c[0] > 0);
    }

    /** Prints the report: a table of counts, the notes, every skipped row, and a closing line. */
    public void print(PrintWriter out) {
        out.println((dryRun ? "Dry run (nothing written): import" : "Import") + " from the Elixir Jade database at "
                + source);
        out.printf("%-12s %9s %16s %8s%n", "table", dryRun ? "to import" : "imported", "already present", "skipped");
        counts.forEach((table, c) -> out.printf("%-12s %9d %16d %8d%n", table, c[0], c[1], c[2]));
        notes.forEach(out::println);
        if (!skipped.isEmpty()) {
            out.println("Rows not carried (" + skipped.size() + "):");
            skipped.forEach(line -> out.println("  " + line));
        }
        out.println("tokens: not imported (the Elixir Jade never used its tokens table; see"
                + " docs/migrating-from-elixir.md)");
        if (!changed()) {
            out.println(dryRun ? "Nothing to do: everything was already imported."
                    : "Nothing changed: everything was already imported.");
        }
        out.flush();
    }
}
