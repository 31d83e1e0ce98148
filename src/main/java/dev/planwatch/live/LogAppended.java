package dev.planwatch.live;

/** An orchestrator log appeared or changed (grew, shrank, was replaced or rewritten); followers re-read it. */
public record LogAppended(String plan) {
}
