package dev.planwatch;

import dev.planwatch.orchestrator.demo.DemoOrchestrator;
import dev.planwatch.orchestrator.demo.ThisProgram;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code planwatch} serves the workspace; {@code planwatch demo-orchestrator ...} runs the bundled
 * demo orchestrator instead (same jar or native binary, so it needs nothing else installed).
 */
@QuarkusMain
public class PlanwatchMain {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals(DemoOrchestrator.COMMAND)) {
            System.exit(DemoOrchestrator.run(Arrays.copyOfRange(args, 1, args.length), ThisProgram.command()));
        }
        if (args.length > 0 && args[0].equals(DemoOrchestrator.WORKER_COMMAND)) {
            System.exit(DemoOrchestrator.runWorker(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(usage());
            System.exit(0);
        }
        Quarkus.run(null, (exitCode, failure) -> {
            if (failure != null) {
                // With an exit handler Quarkus leaves the report to us: why, then the keys that exist.
                System.err.println("planwatch could not start: " + describe(failure));
                System.err.println();
                System.err.print(usage());
            }
            System.exit(exitCode);
        }, args);
    }

    /** The messages along a failure's cause chain, without repeats and without stack frames. */
    static String describe(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null && messages.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (messages.stream().noneMatch(m -> m.contains(message))) {
                messages.add(message);
            }
        }
        return String.join("\n  caused by: ", messages);
    }

    /** Every configuration key with its environment variable and default. */
    public static String usage() {
        try (InputStream in = PlanwatchMain.class.getResourceAsStream("/planwatch-usage.txt")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

}
