package dev.planwatch.workspace;

/**
 * What planwatch takes from a plan's markdown: its title (first H1) and whether it looks like a
 * plan at all (a {@code ## Phase N:} heading), so README.md and the like are not listed as plans.
 */
public record PlanMarkdown(String title, boolean hasPhases) {
}
