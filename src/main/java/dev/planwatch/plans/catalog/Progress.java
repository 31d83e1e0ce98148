package dev.planwatch.plans.catalog;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Task counts recounted from {@code tasks} (never from {@code summary}); unknown statuses count as pending. */
@RegisterForReflection
public record Progress(
        int total,
        int completed,
        int pending,
        @JsonProperty("in_progress") int inProgress,
        int failed,
        int skipped,
        int percentage) {

    public static final Progress EMPTY = new Progress(0, 0, 0, 0, 0, 0, 0);

    /** Every task completed (and there is at least one). */
    public boolean allCompleted() {
        return total > 0 && completed == total;
    }
}
