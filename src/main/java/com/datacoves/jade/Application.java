package com.datacoves.jade;

import com.datacoves.jade.cli.JadeCommand;
import picocli.CommandLine;

/**
 * Entry point of the one Jade program: {@code jade serve} (the default) runs the HTTP service, {@code jade demo}
 * runs it on embedded PostgreSQL with demo data, {@code jade tokens …} manages API keys. See {@link JadeCommand}.
 */
public final class Application {

    private Application() {
    }

    /** Runs the command given by {@code args}; exits non-zero when it fails, and stays up while a server runs. */
    public static void main(String[] args) {
        int code = JadeCommand.commandLine().execute(args.length == 0 ? new String[]{"serve"} : args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
