package com.datacoves.jade.cli;

import com.datacoves.jade.config.JadeEnvironment;
import io.micronaut.context.ApplicationContext;
import picocli.CommandLine.Command;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jade serve}: checks Jade's and Datacoves' databases are reachable (one clear line when not), migrates Jade's
 * database with Flyway, and serves HTTP on {@code PORT} until stopped (SIGTERM / Ctrl-C stop it gracefully).
 */
@Command(name = "serve", description = "Run the HTTP service, configured by environment variables (see README).")
public class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        JadeEnvironment environment = new JadeEnvironment(System.getenv());
        Map<String, Object> properties = environment.properties();
        DatabaseProbe.check("jade", environment.jadeDatabase(), "DB_URL or DB_HOST/DB_PORT/DB_USER/DB_PASS/DB_NAME");
        DatabaseProbe.check("Datacoves", environment.datacovesDatabase(),
                "DATACOVES_DB_URL or DATACOVES_DB_HOST/_PORT/_USER/_PASS/_NAME");
        start(properties);
        return 0;
    }

    /**
     * Starts the HTTP server with the given properties and returns its running context (closed by the JVM's
     * shutdown hook).
     *
     * @throws RuntimeException whatever stopped start-up; {@link StartupFailures#oneLine} turns it into one line
     */
    public static ApplicationContext start(Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.builder()
                .mainClass(ServeCommand.class)
                .properties(properties)
                .deduceEnvironment(false)
                .start();
        context.getBean(io.micronaut.runtime.server.EmbeddedServer.class).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (context.isRunning()) {
                context.close();
            }
        }, "jade-shutdown"));
        return context;
    }
}
