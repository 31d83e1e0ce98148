package dev.planwatch.notify;

import dev.planwatch.plans.catalog.DerivedStatus;
import dev.planwatch.plans.catalog.PlanDerivations;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.StatusDigest;
import dev.planwatch.registry.OrchestratorRef;
import dev.planwatch.workspace.StatusDocument;
import dev.planwatch.workspace.StatusFileReader;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rules of what is told, on views made as the catalog makes them (a real status.json parse and derivation). */
class TransitionsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Transitions.Context CONTEXT = new Transitions.Context("http://127.0.0.1:3100/", NOW, Duration.ofMinutes(15), null);

    /** Tasks as {@code id:status:retryCount}. */
    private static PlanView view(OrchestratorRef orchestrator, String... tasks) throws Exception {
        StringBuilder json = new StringBuilder("{\"planName\": \"p\", \"lastUpdatedAt\": \"2026-12-04T11:00:00Z\", \"tasks\": [");
        for (int i = 0; i < tasks.length; i++) {
            String[] t = tasks[i].split(":");
            json.append(i == 0 ? "" : ",").append("{\"id\": \"").append(t[0]).append("\", \"phase\": \"Phase 1: Go\", \"status\": \"")
                    .append(t[1]).append("\", \"retryCount\": ").append(t[2]).append(", \"error\": \"boom\"}");
        }
        StatusDocument document = new StatusFileReader(new ObjectMapper()).parse(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        DerivedStatus derived = PlanDerivations.derive("p", document);
        StatusDigest digest = StatusDigest.of(derived, "p", document.lastUpdatedAt(), null);
        return new PlanView("p", "docs/plans/p.md", true, "Plan p", null, true, "docs/plan-outputs/p/status.json", null, digest,
                PlanDerivations.withOrchestrator(digest.status(), orchestrator), orchestrator, null, digest.lastUpdatedAt());
    }

    private static OrchestratorRef orchestrator(String status, String heartbeat) {
        return new OrchestratorRef("orch-1", 42L, status, "running".equals(status), "2026-12-04T10:00:00Z", heartbeat, "batch");
    }

    private static List<String> types(Transitions.Outcome outcome) {
        return outcome.events().stream().map(NotificationEvent::type).toList();
    }

    /** A comparison in which no task newly fails, so the full records are never needed. */
    private static Transitions.Outcome between(NotifiedPlan told, PlanView view) {
        return Transitions.between(told, view, () -> {
            throw new AssertionError("no task newly failed: the records are not read");
        }, CONTEXT);
    }

    @Test
    void aTaskFailedWithNoRetriesLeftFailsThePlanOnceEvenWithTasksStillPending() throws Exception {
        PlanView running = view(null, "1.1:completed:0", "1.2:in_progress:2", "1.3:pending:0");
        NotifiedPlan told = Transitions.baseline(running);
        PlanView failed = view(null, "1.1:completed:0", "1.2:failed:2", "1.3:pending:0");
        DerivedStatus records = PlanDerivations.derive("p", new StatusFileReader(new ObjectMapper()).parse(
                ("{\"tasks\": [{\"id\": \"1.1\", \"status\": \"completed\"}, {\"id\": \"1.2\", \"status\": \"failed\", \"retryCount\": 2,"
                        + " \"error\": \"boom\"}, {\"id\": \"1.3\", \"status\": \"pending\"}]}").getBytes(StandardCharsets.UTF_8)));
        Transitions.Outcome outcome = Transitions.between(told, failed, () -> records, CONTEXT);
        assertEquals(List.of("task.failed", "plan.failed"), types(outcome));
        assertEquals("1.2", outcome.events().get(0).taskId());
        assertEquals("boom", outcome.events().get(0).error());
        assertEquals(List.of(), types(Transitions.between(outcome.next(), failed, () -> records, CONTEXT)), "told once");
        // The same transition derived again (after a crash before the told state was written) has the same ids.
        assertEquals(outcome.events().stream().map(NotificationEvent::id).toList(),
                Transitions.between(told, failed, () -> records, CONTEXT).events().stream().map(NotificationEvent::id).toList());
    }

    @Test
    void anOrchestratorLeavingOnlyItsWorkersIsCrashedOnceAndItsDeathIsNoSecondCrash() throws Exception {
        NotifiedPlan told = Transitions.baseline(view(orchestrator("running", "2026-12-04T11:59:00Z"), "1.1:in_progress:0"));
        Transitions.Outcome orphaned = between(told, view(orchestrator("orphaned", "2026-12-04T11:59:00Z"), "1.1:in_progress:0"));
        assertEquals(List.of("orchestrator.crashed"), types(orphaned));
        assertEquals("orch-1", orphaned.events().get(0).orchestratorId());
        assertEquals(List.of(), types(between(orphaned.next(), view(orchestrator("crashed", "2026-12-04T11:59:00Z"), "1.1:in_progress:0"))));
    }

    @Test
    void aPlanFirstSeenIsRecordedAsItIsAndNothingIsTold() throws Exception {
        Transitions.Outcome outcome = between(null, view(orchestrator("crashed", null), "1.1:completed:0", "1.2:failed:2"));
        assertEquals(List.of(), types(outcome));
        assertEquals(List.of(), types(between(outcome.next(), view(orchestrator("crashed", null), "1.1:completed:0", "1.2:failed:2"))));
    }

    @Test
    void aRunningOrchestratorIsStalledOnlyAfterStallAfterWithoutASignOfLife() throws Exception {
        PlanView quiet = view(orchestrator("running", "2026-12-04T11:50:00Z"), "1.1:in_progress:0");
        NotifiedPlan told = Transitions.baseline(quiet);
        assertEquals(List.of(), types(between(told, quiet)), "10 min quiet: not yet");
        PlanView longQuiet = view(orchestrator("running", "2026-12-04T11:44:00Z"), "1.1:in_progress:0");
        Transitions.Outcome stalled = between(told, longQuiet);
        assertEquals(List.of("plan.stalled"), types(stalled));
        assertEquals(List.of(), types(between(stalled.next(), longQuiet)), "once per quiet period");
        Transitions.Context seenJustNow = new Transitions.Context("http://x/", NOW, Duration.ofMinutes(15), NOW.minusSeconds(5));
        assertEquals(List.of(), types(Transitions.between(told, longQuiet, () -> null, seenJustNow)), "a change seen just now is a sign of life");
    }
}
