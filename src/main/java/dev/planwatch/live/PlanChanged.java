package dev.planwatch.live;

import dev.planwatch.plans.catalog.PlanView;

/**
 * A plan was added ({@code before} null), removed ({@code after} null) or changed.
 *
 * @param noticedAtNanos {@link System#nanoTime()} when the change was first noticed
 */
public record PlanChanged(String plan, PlanView before, PlanView after, long noticedAtNanos) {
}
