package dev.planwatch.workspace;

/**
 * Counts statuses: the one place tasks (or plans) are counted by status, so every figure a reply
 * or a file carries is counted the same way. Not thread-safe: one tally per computation.
 */
public final class StatusTally {

    private final int[] counts = new int[TaskStatus.values().length];
    private int total;

    /** Counts one status given by its wire spelling (unknown spellings count as pending). */
    public StatusTally add(String status) {
        return add(TaskStatus.of(status));
    }

    public StatusTally add(TaskStatus status) {
        counts[status.ordinal()]++;
        total++;
        return this;
    }

    public int get(TaskStatus status) {
        return counts[status.ordinal()];
    }

    public int total() {
        return total;
    }
}
