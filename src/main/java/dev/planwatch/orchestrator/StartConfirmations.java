package dev.planwatch.orchestrator;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.live.PlanChanged;
import dev.planwatch.registry.OrchestratorRef;
import dev.planwatch.workspace.Timestamps;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What confirms a start: the change detector seeing the plan's new orchestrator in the registry
 * (its real pid, which differs from the spawned one under {@code --daemon}), or the spawned child
 * failing. A start is expected before its process is spawned; the detector's {@link PlanChanged}
 * events complete it. While a start of a current-plan.txt reader is pending in the checkout, a new
 * orchestrator of any other plan is that start's, gone astray.
 */
@ApplicationScoped
public class StartConfirmations {

    /** An orchestrator that registered after a spawn, and the plan it registered for. */
    public record Registration(OrchestratorRef ref, String plan) {
    }

    /** A start waiting for its orchestrator to register. */
    public record PendingStart(String plan, Instant spawnedAt, CompletableFuture<Registration> registered) {
    }

    /** How a start ended. */
    public sealed interface Confirmation {
    }

    /** Its orchestrator registered for the plan and runs. */
    public record Running(OrchestratorRef ref, boolean childExited) implements Confirmation {
    }

    /** An orchestrator registered for another plan than the one asked for. */
    public record Stray(Registration registration) implements Confirmation {
    }

    /** Its orchestrator registered and had already finished. */
    public record RegisteredAndExited(OrchestratorRef ref, Integer exitCode) implements Confirmation {
    }

    /** The spawned process exited without a registration. */
    public record Exited(int exitCode) implements Confirmation {
    }

    /** Alive after the grace period without registering: an orchestrator that does not use the registry. */
    public record Unregistered() implements Confirmation {
    }

    /** Shutdown began while the start waited. */
    public record ShutDown() implements Confirmation {
    }

    /** Neither registered nor alive nor exited by the deadline. */
    public record NotStarted() implements Confirmation {
    }

    private final Map<String, PendingStart> pending = new ConcurrentHashMap<>();
    private final Duration startTimeout;
    private final Duration startGrace;
    private volatile PendingStart pendingInCheckout;
    private volatile boolean shuttingDown;

    @Inject
    public StartConfirmations(PlanwatchConfig config) {
        this(config.orchestrator().startTimeout(), config.orchestrator().startGrace());
    }

    StartConfirmations(Duration startTimeout, Duration startGrace) {
        this.startTimeout = startTimeout;
        this.startGrace = startGrace;
    }

    /** Expects a registration for {@code plan}; {@code inCheckout} for an orchestrator that reads current-plan.txt. */
    public PendingStart expect(String plan, boolean inCheckout) {
        PendingStart start = new PendingStart(plan, Instant.now().minusSeconds(1), new CompletableFuture<>());
        pending.put(plan, start);
        if (inCheckout) {
            pendingInCheckout = start;
        }
        return start;
    }

    /** Stops expecting {@code start}. */
    public void forget(PendingStart start) {
        pending.remove(start.plan(), start);
        if (pendingInCheckout == start) {
            pendingInCheckout = null;
        }
    }

    /** True once shutdown began: no start is accepted. */
    public boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * Waits for {@code start}: for its registration or the spawned process's exit ({@code exitCode}
     * completes with its code) within the grace period, and when the process exited cleanly (it
     * detached), for the registration up to the start timeout.
     */
    public Confirmation await(PendingStart start, CompletableFuture<Integer> exitCode) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        long graceEnd = System.nanoTime() + startGrace.toNanos();
        awaitQuietly(CompletableFuture.anyOf(start.registered(), exitCode), graceEnd);
        if (!start.registered().isDone() && exitCode.isDone() && exitCode.join() == 0) {
            awaitQuietly(start.registered(), deadline);
        }
        if (start.registered().isCompletedExceptionally()) {
            return new ShutDown();
        }
        if (start.registered().isDone()) {
            Registration registration = start.registered().join();
            if (!start.plan().equals(registration.plan())) {
                return new Stray(registration);
            }
            if (!registration.ref().running()) {
                return new RegisteredAndExited(registration.ref(), exitCode.getNow(null));
            }
            return new Running(registration.ref(), exitCode.isDone());
        }
        if (exitCode.isDone()) {
            return new Exited(exitCode.join());
        }
        return System.nanoTime() >= graceEnd ? new Unregistered() : new NotStarted();
    }

    /** Completes a waiting start when the detector sees a new orchestrator of its plan (or, in the checkout, of any plan). */
    void onPlanChanged(@Observes PlanChanged change) {
        OrchestratorRef ref = change.after() == null ? null : change.after().orchestrator();
        OrchestratorRef before = change.before() == null ? null : change.before().orchestrator();
        if (ref == null || ref.id() == null || (before != null && ref.id().equals(before.id()))) {
            return;
        }
        PendingStart forPlan = pending.get(change.plan());
        PendingStart start = forPlan != null ? forPlan : pendingInCheckout;
        // Any entry newer than the spawn is this start's: running (confirmed) or already finished (failed).
        if (start != null && Timestamps.parse(ref.startedAt()).map(at -> !at.isBefore(start.spawnedAt())).orElse(false)) {
            start.registered().complete(new Registration(ref, change.plan()));
        }
    }

    /**
     * Shutdown has begun: starts waiting for their orchestrator to register are answered at once, and
     * no new start is accepted, so no request outlives the container.
     */
    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        shuttingDown = true;
        pending.values().forEach(start -> start.registered().completeExceptionally(new CancellationException("shutdown")));
    }

    private static void awaitQuietly(CompletableFuture<?> future, long deadlineNanos) {
        try {
            future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            // the caller reads the outcome from the futures
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
