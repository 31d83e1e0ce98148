package dev.planwatch.changes;

/** A CDI event: a plan branch's tip moved (announced on {@code /ws/events} as {@code plan:changes}). */
public record PlanChangesMoved(String plan, ChangesResponses.PlanChangesData data) {
}
