package dev.planwatch.orchestrator;

import dev.planwatch.live.PlanChanged;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.registry.OrchestratorRef;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How starts are confirmed, driven by the detector's events alone: no process is spawned. */
class StartConfirmationsTest {

    private final StartConfirmations confirmations = new StartConfirmations(Duration.ofSeconds(2), Duration.ofMillis(300));
    /** A spawned orchestrator that is still running: its exit code never arrives. */
    private final CompletableFuture<Integer> stillRunning = new CompletableFuture<>();

    @Test
    void aNewRegistrationOfThePlanConfirmsItsStart() {
        StartConfirmations.PendingStart start = confirmations.expect("alpha", false);
        confirmations.onPlanChanged(registered("alpha", null, orchestrator("orch-1", Instant.now(), true)));
        StartConfirmations.Confirmation confirmation = confirmations.await(start, stillRunning);
        StartConfirmations.Running running = assertInstanceOf(StartConfirmations.Running.class, confirmation);
        assertEquals("orch-1", running.ref().id());
        assertFalse(running.childExited());
    }

    @Test
    void aRegistrationOlderThanTheSpawnIsNotThisStarts() {
        StartConfirmations.PendingStart start = confirmations.expect("alpha", false);
        confirmations.onPlanChanged(registered("alpha", null, orchestrator("orch-old", Instant.now().minusSeconds(60), true)));
        assertFalse(start.registered().isDone());
        assertInstanceOf(StartConfirmations.Unregistered.class, confirmations.await(start, stillRunning));
    }

    @Test
    void theSameOrchestratorSeenAgainConfirmsNothing() {
        OrchestratorRef known = orchestrator("orch-1", Instant.now(), true);
        StartConfirmations.PendingStart start = confirmations.expect("alpha", false);
        confirmations.onPlanChanged(registered("alpha", known, known));
        assertFalse(start.registered().isDone());
    }

    @Test
    void inTheCheckoutANewOrchestratorOfAnotherPlanIsAStrayStart() {
        StartConfirmations.PendingStart start = confirmations.expect("alpha", true);
        confirmations.onPlanChanged(registered("beta", null, orchestrator("orch-2", Instant.now(), true)));
        StartConfirmations.Stray stray = assertInstanceOf(StartConfirmations.Stray.class, confirmations.await(start, stillRunning));
        assertEquals("beta", stray.registration().plan());
    }

    @Test
    void outsideTheCheckoutAnotherPlansOrchestratorIsNotThisStarts() {
        StartConfirmations.PendingStart start = confirmations.expect("alpha", false);
        confirmations.onPlanChanged(registered("beta", null, orchestrator("orch-2", Instant.now(), true)));
        assertFalse(start.registered().isDone());
    }

    @Test
    void aRegistrationThatAlreadyEndedFailsTheStart() {
        StartConfirmations.PendingStart start = confirmations.expect("alpha", false);
        confirmations.onPlanChanged(registered("alpha", null, orchestrator("orch-1", Instant.now(), false)));
        assertInstanceOf(StartConfirmations.RegisteredAndExited.class, confirmations.await(start, stillRunning));
    }

    @Test
    void aChildThatFailsWithoutRegisteringFailsTheStart() {
        StartConfirmations.PendingStart start = confirmations.expect("alpha", false);
        StartConfirmations.Exited exited = assertInstanceOf(StartConfirmations.Exited.class,
                confirmations.await(start, CompletableFuture.completedFuture(3)));
        assertEquals(3, exited.exitCode());
    }

    @Test
    void aDetachingChildIsWaitedForUntilItsOrchestratorRegisters() {
        StartConfirmations.PendingStart start = confirmations.expect("alpha", false);
        // The spawned process exits 0 at once (it detached); the registration arrives later.
        CompletableFuture.runAsync(() -> confirmations.onPlanChanged(registered("alpha", null,
                orchestrator("orch-3", Instant.now(), true))), CompletableFuture.delayedExecutor(500, java.util.concurrent.TimeUnit.MILLISECONDS));
        StartConfirmations.Running running = assertInstanceOf(StartConfirmations.Running.class,
                confirmations.await(start, CompletableFuture.completedFuture(0)));
        assertTrue(running.childExited());
    }

    @Test
    void shutdownAnswersAWaitingStartAndRefusesNewOnes() {
        StartConfirmations.PendingStart start = confirmations.expect("alpha", false);
        confirmations.onShutdown(null);
        assertTrue(confirmations.shuttingDown());
        assertInstanceOf(StartConfirmations.ShutDown.class, confirmations.await(start, stillRunning));
    }

    @Test
    void aForgottenStartIsNoLongerCompleted() {
        StartConfirmations.PendingStart start = confirmations.expect("alpha", true);
        confirmations.forget(start);
        confirmations.onPlanChanged(registered("alpha", null, orchestrator("orch-1", Instant.now(), true)));
        assertFalse(start.registered().isDone());
    }

    private static PlanChanged registered(String plan, OrchestratorRef before, OrchestratorRef after) {
        return new PlanChanged(plan, before == null ? null : view(plan, before), view(plan, after), System.nanoTime());
    }

    private static PlanView view(String plan, OrchestratorRef orchestrator) {
        return new PlanView(plan, "docs/plans/" + plan + ".md", true, plan, null, false, null, null, null, "pending",
                orchestrator, null, null);
    }

    private static OrchestratorRef orchestrator(String id, Instant startedAt, boolean running) {
        return new OrchestratorRef(id, 4242L, running ? "running" : "stopped", running, startedAt.toString(), startedAt.toString(), null);
    }
}
