package dev.planwatch.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Remote runs (a plan's runs in a cluster) in the registry view: their own state, running and reason. */
class RemoteRunsViewTest {

    private static RemoteRun run(String id, String plan, String status, boolean running, String reason, String startedAt) {
        return new RemoteRun(id, plan, "docs/plans/" + plan + ".md", status, running, null, reason, startedAt, null);
    }

    private static RegistryView.TrackedEntry local(String id, String plan, String status, Liveness liveness, String startedAt) {
        return new RegistryView.TrackedEntry(new RegistryEntry(id, 4242L, plan, null, null, startedAt, startedAt, status,
                null, null, "batch"), liveness, true);
    }

    @Test
    void aRemoteRunIsItsPlansOrchestratorWithItsStatusAndReason() {
        RegistryView view = new RegistryView(List.of(
                local("orch-old", "p", "stopped", Liveness.GONE, "2026-12-01T00:00:00Z"),
                RegistryView.TrackedEntry.of(run("pw-p-r1", "p", "pending", false, "ImagePullBackOff", "2026-12-05T04:00:00Z"))), null);
        OrchestratorRef ref = view.forPlan("p");
        assertEquals("pw-p-r1", ref.id(), "the newest entry of the plan");
        assertEquals("pending", ref.status());
        assertEquals("ImagePullBackOff", ref.reason());
        assertNull(ref.pid());
        assertFalse(ref.running());
        assertEquals(0, view.runningCount());
        assertFalse(view.needsLivenessChecks(), "a remote run is never polled: its launcher reports its changes");
        assertEquals(OrchestratorState.RUNNING, OrchestratorState.of(ref.status(), null, false), "pending is still at work");
    }

    @Test
    void aRunningLocalOrchestratorOfThePlanComesBeforeARunningRemoteRun() {
        RegistryView view = new RegistryView(List.of(
                local("orch-here", "p", "running", Liveness.ALIVE, "2026-12-01T00:00:00Z"),
                RegistryView.TrackedEntry.of(run("pw-p-r1", "p", "running", true, null, "2026-12-05T04:00:00Z"))), null);
        assertEquals("orch-here", view.forPlan("p").id());
        assertEquals(2, view.runningCount());
        RegistryView.TrackedEntry remote = view.require("pw-p-r1");
        assertTrue(remote.alive());
        assertTrue(remote.running());
        assertEquals("running", remote.effectiveStatus());
    }

    @Test
    void aRegistryEntryHasNoReason() {
        assertNull(local("orch-here", "p", "running", Liveness.GONE, "2026-12-01T00:00:00Z").toRef().reason());
        assertEquals("crashed", local("orch-here", "p", "running", Liveness.GONE, "2026-12-01T00:00:00Z").toRef().status());
    }
}
