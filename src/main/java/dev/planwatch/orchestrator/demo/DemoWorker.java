package dev.planwatch.orchestrator.demo;

import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.TaskStatus;
import dev.planwatch.workspace.Workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The demo orchestrator's worker: one child process per task, in the orchestrator's process group,
 * standing where the real orchestrator runs an LLM session. After 200 ms of start-up it marks its task in progress, works
 * for {@code PLANWATCH_DEMO_STEP_SECONDS}, then marks it completed (or failed, for the ids in
 * {@code PLANWATCH_DEMO_FAIL_TASKS}). With {@code --complete} it is the final run after the plan
 * is complete, which changes no task and takes {@code PLANWATCH_DEMO_COMPLETE_SECONDS}.
 *
 * <p>Run as {@code planwatch demo-worker --plan docs/plans/x.md (--task ID | --complete)}.
 */
final class DemoWorker {

    private static final long STARTUP_MILLIS = 200;

    private DemoWorker() {
    }

    static int run(String[] args) {
        List<String> argv = Arrays.asList(args);
        int plan = argv.indexOf("--plan");
        int task = argv.indexOf("--task");
        if (plan < 0 || plan + 1 >= args.length || (task < 0 && !argv.contains("--complete")) || task + 1 >= args.length) {
            System.err.println("usage: demo-worker --plan docs/plans/<name>.md (--task ID | --complete)");
            return 2;
        }
        Workspace layout = DemoOrchestrator.layoutFromEnvironment(Path.of("").toAbsolutePath());
        DemoStatusFile status = new DemoStatusFile(layout.statusFile(Names.stemOf(args[plan + 1])));
        try {
            if (task < 0) {
                Thread.sleep(DemoOrchestrator.millisFromSecondsInEnv("PLANWATCH_DEMO_COMPLETE_SECONDS", 2));
                DemoOrchestrator.log("INFO", "Auto-complete: plan merged");
                return 0;
            }
            String id = args[task + 1];
            // A session takes a moment to start before its first change, as an LLM session does.
            Thread.sleep(STARTUP_MILLIS);
            status.setTask(id, TaskStatus.IN_PROGRESS);
            Thread.sleep(DemoOrchestrator.millisFromSecondsInEnv("PLANWATCH_DEMO_STEP_SECONDS", 1));
            Set<String> failing = Set.of(System.getenv().getOrDefault("PLANWATCH_DEMO_FAIL_TASKS", "").split(","));
            status.setTask(id, failing.contains(id) ? TaskStatus.FAILED : TaskStatus.COMPLETED);
            return 0;
        } catch (IOException e) {
            DemoOrchestrator.log("ERROR", "Worker failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
