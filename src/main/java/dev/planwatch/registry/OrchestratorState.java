package dev.planwatch.registry;

import java.util.Locale;

/**
 * The five states a dashboard shows for an orchestrator, from planwatch's finer lifecycle
 * ({@code running}, {@code stopping}, {@code stopped}, {@code crashed}, {@code orphaned},
 * {@code completing}, {@code unverified}, a remote run's {@code pending}, or what the registry
 * says): an orchestrator that is still at work (stopping, finishing its final run, not yet proven,
 * or a remote run not started yet, held up or not) is running, or paused when
 * it says so; one that stopped with its plan complete is completed; one that died, or died leaving
 * its workers behind, has failed.
 */
public enum OrchestratorState {
    RUNNING, PAUSED, STOPPED, COMPLETED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param lifecycle    planwatch's lifecycle status of the entry
     * @param paused       what the orchestrator answered over IPC; null when it was not asked or did not answer
     * @param planComplete whether every task of its plan is completed
     */
    public static OrchestratorState of(String lifecycle, Boolean paused, boolean planComplete) {
        String status = lifecycle == null ? "" : lifecycle;
        switch (status) {
            case "running", "stopping", "completing", "unverified", "pending":
                return Boolean.TRUE.equals(paused) ? PAUSED : RUNNING;
            case "paused":
                return PAUSED;
            case "crashed", "orphaned", "failed", "error":
                return FAILED;
            case "completed":
                return COMPLETED;
            default:
                return planComplete ? COMPLETED : STOPPED;
        }
    }
}
