package dev.planwatch.workspace;

/**
 * What planwatch takes from a plan's markdown: its title (first H1), a one-paragraph description,
 * and whether it looks like a plan at all (a {@code ## Phase N:} heading), so README.md and the
 * like are not listed as plans.
 *
 * @param description the plan's stated objective ({@code **Objective:**}, {@code **Focus:**} or
 *                    {@code **Goal:**} of its overview), else the first paragraph of prose after the
 *                    title; null when there is neither before the first phase
 */
public record PlanMarkdown(String title, String description, boolean hasPhases) {
}
