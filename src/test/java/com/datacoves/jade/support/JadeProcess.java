package com.datacoves.jade.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the Jade program in a separate JVM, as an operator would, with a chosen environment. */
public final class JadeProcess {

    /** Exit code, standard output and standard error of one run. */
    public record Result(int exitCode, String out, String err) {
    }

    private JadeProcess() {
    }

    /**
     * Runs {@code java -cp <test classpath> com.datacoves.jade.Application args…} with only {@code env} (plus PATH
     * and HOME) as its environment, waiting at most {@code timeoutSeconds}.
     */
    public static Result run(Map<String, String> env, int timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "com.datacoves.jade.Application"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> e = pb.environment();
        String path = e.get("PATH");
        String home = e.get("HOME");
        e.clear();
        e.put("PATH", path == null ? "/usr/bin:/bin" : path);
        if (home != null) {
            e.put("HOME", home);
        }
        e.put("JADE_LOG_LEVEL", "ERROR");
        e.putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("jade " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
