package dev.planwatch.orchestrator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo orchestrator, run as a real process, writes where the configured layout says. */
class DemoOrchestratorLayoutTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Process run(Path workspace, List<String> args, String plansDir, String outputsDir) throws IOException {
        List<String> command = new ArrayList<>(ThisProgram.command());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true)
                .redirectOutput(workspace.resolve("demo.log").toFile());
        builder.environment().put("PLANWATCH_PLANS_DIR", plansDir);
        builder.environment().put("PLANWATCH_OUTPUTS_DIR", outputsDir);
        builder.environment().put("PLANWATCH_DEMO_STEP_SECONDS", "0.05");
        builder.environment().remove("CLAUDE_WORKTREE");
        return builder.start();
    }

    @Test
    void theConfiguredPlansAndOutputsDirectoriesAreHonouredAndTheCurrentPlanWins(@TempDir Path workspace) throws Exception {
        Files.createDirectories(workspace.resolve("plans/here"));
        Files.writeString(workspace.resolve("plans/here/wanted.md"), "# Wanted\n\n## Phase 1: Work\n- [ ] 1.1 one\n- [ ] 1.2 two\n");
        Files.writeString(workspace.resolve("plans/here/named.md"), "# Named\n\n## Phase 1: Work\n- [ ] 1.1 one\n");
        Files.createDirectories(workspace.resolve(".claude"));
        Files.writeString(workspace.resolve(".claude/current-plan.txt"), "plans/here/wanted.md\n");

        Process demo = run(workspace, List.of(DemoOrchestrator.COMMAND, "--plan", "plans/here/named.md", "--no-auto-complete"),
                "plans/here", "out/put");
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "the demo finishes its plan");
        String log = Files.readString(workspace.resolve("demo.log"), StandardCharsets.UTF_8);
        assertEquals(0, demo.exitValue(), log);

        JsonNode status = MAPPER.readTree(workspace.resolve("out/put/wanted/status.json").toFile());
        assertEquals(2, status.path("summary").path("completed").asInt(), status.toString());
        status.get("tasks").forEach(task -> assertEquals("completed", task.path("status").asText()));
        assertFalse(Files.exists(workspace.resolve("docs/plan-outputs")), "nothing written to the default layout");
        assertFalse(Files.exists(workspace.resolve("out/put/named")), "current-plan.txt, not --plan, names the plan run");
        assertFalse(Files.exists(workspace.resolve("out/put/wanted/status.json.lock")), "the status lock is released");
        assertFalse(log.contains("Running auto-complete"), log);
    }
}
