package com.datacoves.jade;

import com.datacoves.jade.cli.ImportElixirCommand;
import com.datacoves.jade.cli.ServeCommand;
import com.datacoves.jade.cli.StartupFailures;
import com.datacoves.jade.cli.TokensCommand;
import com.datacoves.jade.demo.DemoCommand;
import com.datacoves.jade.demo.SeedDemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level command: {@code jade serve | demo | tokens | import-elixir} (the commands live in
 * {@code cli} and {@code demo}; this class, above both, only lists them). Failures of any sub-command print one line
 * ({@code jade: <what went wrong>}) on standard error and exit with status 1; bad arguments exit with status 2.
 */
@Command(name = "jade", mixinStandardHelpOptions = true,
        description = "dbt Cloud-compatible API over Datacoves (dbt + Airflow).",
        subcommands = {ServeCommand.class, DemoCommand.class, TokensCommand.class, SeedDemoCommand.class, ImportElixirCommand.class})
public class JadeCommand {

    /** A picocli command line whose errors are reported as one line, never a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new JadeCommand());
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("jade: " + StartupFailures.oneLine(ex));
            return 1;
        });
        return cmd;
    }
}
