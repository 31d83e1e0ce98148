package dev.planwatch.workspace;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The layout recognises each path it builds, and nothing else. */
class WorkspaceLayoutTest {

    private final Workspace layout = Workspace.at(Path.of("/repo"), "my/plans", "my/out");

    private Optional<Workspace.LayoutFile> recognise(Path file) {
        return layout.recognise(file.getParent(), file);
    }

    @Test
    void everyBuiltPathIsRecognisedAsWhatItIs() {
        assertEquals(Optional.of(new Workspace.LayoutFile.PlanMarkdown("a")), recognise(layout.planMarkdown("a")));
        assertEquals(Optional.of(new Workspace.LayoutFile.PlanStatus("a")), recognise(layout.statusFile("a")));
        assertEquals(Optional.of(new Workspace.LayoutFile.PlanOutputs("a")), recognise(layout.outputDir("a")));
        assertEquals(Optional.of(new Workspace.LayoutFile.Log("a")), recognise(layout.logFile("a")));
        assertEquals(Optional.of(new Workspace.LayoutFile.Registry()), recognise(layout.registryFile()));
        assertEquals(Optional.of(new Workspace.LayoutFile.WorkspaceSettings()), recognise(layout.gitWorkflowFile()));
        assertEquals(Optional.of(new Workspace.LayoutFile.WorkspaceSettings()), recognise(layout.currentPlanFile()));
        assertEquals("my/plans/a.md", layout.planPath("a"));
    }

    @Test
    void otherFilesAreNotPlans() {
        assertEquals(Optional.empty(), recognise(Path.of("/repo/my/plans/notes.txt")));
        assertEquals(Optional.empty(), recognise(Path.of("/repo/.claude/settings.json")));
        assertEquals(Optional.of(new Workspace.LayoutFile.RootEntry()), recognise(Path.of("/repo/orchestrator-..log")));
        assertEquals(Optional.of(new Workspace.LayoutFile.RootEntry()), recognise(Path.of("/repo/README.md")));
        assertEquals(Optional.empty(), recognise(Path.of("/repo/docs/plans/a.md")), "the default directory is not this layout's");
    }

    @Test
    void aHubsOutputsAndLogsAreItsMirrorNamedAsTheRunsCheckoutNamesThem() {
        Workspace hub = Workspace.mirrored(Path.of("/repo"), "my/plans", "my/out", Path.of("/state/cluster"));
        assertEquals(Path.of("/repo/my/plans/a.md"), hub.planMarkdown("a"), "the plans are the repository's");
        assertEquals(Path.of("/state/cluster/plan-outputs/a/status.json"), hub.statusFile("a"));
        assertEquals(Path.of("/state/cluster/orchestrator-a.log"), hub.logFile("a"));
        assertEquals(Path.of("/state/cluster"), hub.logsDir());
        assertEquals(Optional.of(new Workspace.LayoutFile.PlanStatus("a")), hub.recognise(hub.outputDir("a"), hub.statusFile("a")));
        assertEquals(Optional.of(new Workspace.LayoutFile.PlanOutputs("a")), hub.recognise(hub.outputsDir(), hub.outputDir("a")));
        assertEquals(Optional.of(new Workspace.LayoutFile.Log("a")), hub.recognise(hub.logsDir(), hub.logFile("a")));
        assertEquals(Optional.empty(), hub.recognise(hub.logsDir(), hub.outputsDir()));
        assertEquals(Optional.of(new Workspace.LayoutFile.RootEntry()), hub.recognise(Path.of("/repo"), Path.of("/repo/orchestrator-a.log")),
                "a log in the repository is not the run's");
        // Responses name the files as the run's checkout does; those names lead back to the mirror.
        assertEquals("my/out/a/status.json", hub.relative(hub.statusFile("a")));
        assertEquals("orchestrator-a.log", hub.relative(hub.logFile("a")));
        assertEquals(hub.statusFile("a"), hub.resolve("my/out/a/status.json"));
        assertEquals(hub.logFile("a"), hub.resolve("orchestrator-a.log"));
        assertEquals(Path.of("/repo/wt/plan-a/my/out/a/status.json"), hub.resolve("wt/plan-a/my/out/a/status.json"));
        assertEquals(Path.of("/repo/wt/plan-a/my/out/a/status.json"), hub.statusFileIn(Path.of("/repo/wt/plan-a"), "a"));
        assertEquals(layout.statusFile("a"), layout.resolve(layout.relative(layout.statusFile("a"))));
    }

    @Test
    void taskStatusesParseAsTheToolsTreatThem() {
        assertEquals(TaskStatus.IN_PROGRESS, TaskStatus.of("in_progress"));
        assertEquals(TaskStatus.PENDING, TaskStatus.of(null));
        assertEquals(TaskStatus.PENDING, TaskStatus.of("blocked"));
        StatusTally tally = new StatusTally().add("completed").add("weird").add(TaskStatus.SKIPPED);
        assertEquals(3, tally.total());
        assertEquals(1, tally.get(TaskStatus.PENDING));
        assertEquals(1, tally.get(TaskStatus.COMPLETED));
    }
}
