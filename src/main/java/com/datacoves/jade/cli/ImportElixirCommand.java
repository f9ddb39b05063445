package com.datacoves.jade.cli;

import com.datacoves.jade.config.DatabaseSettings;
import com.datacoves.jade.config.JadeEnvironment;
import com.datacoves.jade.config.SettingException;
import com.datacoves.jade.elixir.ElixirDatabase;
import com.datacoves.jade.elixir.ElixirImporter;
import com.datacoves.jade.elixir.ImportReport;
import io.micronaut.context.ApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jade import-elixir --from URL [--from-user U] [--from-password P] [--dry-run] [--id-headroom N]}: takes over
 * a running Elixir Jade's data (job and run ids, manifests, files) into the Jade database, object store and Datacoves
 * database configured by Jade's variables (as for {@code serve}). The Elixir database is only read. Prints the report
 * on standard output and progress on standard error; exit 0 when the import ran to its end (rows it could not carry
 * are listed), 1 with one line on standard error otherwise. Idempotent and resumable: run it again at any time.
 */
@Command(name = "import-elixir", description = "Import an Elixir Jade's ids, manifests and files (read-only on it).")
public class ImportElixirCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL",
            description = "the Elixir Jade's database: postgres://user:pass@host:port/db or jdbc:postgresql://…")
    String from;

    @Option(names = "--from-user", description = "user of the Elixir database (else the one in the URL)")
    String fromUser;

    @Option(names = "--from-password", description = "password of the Elixir database (else the one in the URL)")
    String fromPassword;

    @Option(names = "--dry-run", description = "read everything, print what would be done, write nothing")
    boolean dryRun;

    @Option(names = "--id-headroom", defaultValue = "10000", paramLabel = "N",
            description = "Jade's next job and run ids start N above the Elixir ones (default: ${DEFAULT-VALUE})")
    long idHeadroom;

    @Override
    public Integer call() {
        if (idHeadroom < 0) {
            throw new SettingException("--id-headroom must be 0 or more");
        }
        ElixirDatabase elixir = ElixirDatabase.open(source());
        JadeEnvironment environment = new JadeEnvironment(System.getenv());
        DatabaseProbe.check("jade", environment.jadeDatabase(), "DB_URL or DB_HOST/DB_PORT/DB_USER/DB_PASS/DB_NAME");
        DatabaseProbe.check("Datacoves", environment.datacovesDatabase(),
                "DATACOVES_DB_URL or DATACOVES_DB_HOST/_PORT/_USER/_PASS/_NAME");
        Map<String, Object> properties = new HashMap<>(environment.properties());
        properties.put("jade.index.background", false);        // no indexing in a one-shot command
        properties.put("jade.manifests.retention.keep", 0);    // nor retention
        properties.put("jade.storage.check-at-startup", false); // a dry run must not write a probe object
        if (dryRun) {
            properties.put("flyway.datasources.default.enabled", false); // nor migrate Jade's database
        }
        try (ApplicationContext context = ApplicationContext.builder().properties(properties)
                .deduceEnvironment(false).environments("cli").start()) {
            ImportReport report = context.getBean(ElixirImporter.class).run(elixir,
                    new ElixirImporter.Options(dryRun, idHeadroom, spec.commandLine().getErr()));
            report.print(spec.commandLine().getOut());
        }
        return 0;
    }

    /** The Elixir database's settings; the URL's user and password unless the options give them. */
    private DatabaseSettings source() {
        DatabaseSettings parsed;
        try {
            parsed = DatabaseSettings.fromUrl("--from", from.trim(), 1, DatabaseSettings.sslRequired(System.getenv()));
        } catch (SettingException e) {
            throw new SettingException("--from is not a valid database URL (expected postgres://user:pass@host:port/db"
                    + " or jdbc:postgresql://host:port/db)");
        }
        return new DatabaseSettings(parsed.jdbcUrl(), fromUser != null ? fromUser : parsed.username(),
                fromPassword != null ? fromPassword : parsed.password(), 1);
    }
}
