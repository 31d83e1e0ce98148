package dev.planwatch.changes;

/** A CDI event: the conflict report changed (announced on {@code /ws/events} as {@code worktrees:conflicts}). */
public record ConflictsChanged(ChangesResponses.ConflictsData data) {
}
