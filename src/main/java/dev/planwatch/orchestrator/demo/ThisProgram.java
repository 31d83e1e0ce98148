package dev.planwatch.orchestrator.demo;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** How to run this same program again (the jar, the classes, or the native binary): the demo orchestrator is planwatch itself. */
public final class ThisProgram {

    /** planwatch's main class, named here so that this low package does not depend on it. */
    static final String MAIN_CLASS = "dev.planwatch.PlanwatchMain";

    private ThisProgram() {
    }

    /** How to launch this same program again: the native binary, or java -jar with this jar. */
    public static List<String> command() {
        String executable = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(executable);
        if (Path.of(executable).getFileName().toString().startsWith("java")) {
            // Absolute: the orchestrator runs in the workspace, not where planwatch was started.
            String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(entry -> Path.of(entry).toAbsolutePath().toString())
                    .collect(Collectors.joining(File.pathSeparator));
            command.addAll(List.of("-XX:+UseSerialGC", "-Xmx48m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
            if (classPath.endsWith("quarkus-run.jar")) {
                command.addAll(List.of("-jar", classPath));
            } else {
                command.addAll(List.of("-cp", classPath, MAIN_CLASS));
            }
        }
        return command;
    }
}
