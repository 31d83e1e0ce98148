package dev.planwatch.plans;

import dev.planwatch.plans.catalog.Progress;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A plan's task counts with the dashboard's names (its {@code PlanSummary}). */
@RegisterForReflection
public record PlanSummary(int totalTasks, int completed, int pending, int inProgress, int failed, int skipped) {

    public static PlanSummary of(Progress progress) {
        return new PlanSummary(progress.total(), progress.completed(), progress.pending(), progress.inProgress(),
                progress.failed(), progress.skipped());
    }
}
