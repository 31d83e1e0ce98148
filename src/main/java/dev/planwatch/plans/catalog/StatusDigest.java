package dev.planwatch.plans.catalog;

import dev.planwatch.workspace.TaskStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What stays in memory of one version of a plan's status.json: what the plan list, the summary,
 * the sockets and the event diff need. Counts, phases, the current task and timestamps, and per
 * task only its id and status; per task event only its time, task and action. The full records
 * (descriptions, notes, errors) are read when a request needs them ({@link StatusRecords}).
 * Immutable; equal when everything served from the version is equal ({@code fingerprint} covers
 * the full records).
 *
 * @param fingerprint a 64-bit hash of the full derivation, so a change only to records not kept
 *                    here (a description, a note) still makes another digest
 */
public final class StatusDigest {

    /** Actions of task events, by their index in {@link #eventAction(int)}. */
    private static final List<String> ACTIONS = List.of("started", "completed", "failed", "skipped");
    private static final TaskStatus[] STATUSES = TaskStatus.values();

    public static final StatusDigest EMPTY = of(DerivedStatus.EMPTY, null, null, null);

    private final java.nio.file.Path source;
    private final Progress progress;
    private final String status;
    private final List<Phase> phases;
    private final CurrentTask currentTask;
    private final String currentPhase;
    private final String createdAt;
    private final String lastRunAt;
    private final String planName;
    private final String lastUpdatedAt;
    private final String[] taskIds;
    private final byte[] taskStatuses;
    private final long[] eventMillis;
    private final int[] eventTasks;
    private final byte[] eventActions;
    private final long fingerprint;

    private StatusDigest(DerivedStatus derived, String planName, String lastUpdatedAt, java.nio.file.Path source,
            StatusDigest previous) {
        this.source = source;
        this.progress = derived.progress();
        this.status = derived.status();
        this.phases = derived.phases();
        this.currentTask = derived.currentTask();
        this.currentPhase = derived.currentPhase();
        this.createdAt = derived.createdAt();
        this.lastRunAt = derived.lastRunAt();
        this.planName = planName;
        this.lastUpdatedAt = lastUpdatedAt;
        List<TaskView> tasks = derived.tasks();
        String[] ids = new String[tasks.size()];
        byte[] statuses = new byte[tasks.size()];
        java.util.Map<String, Integer> indexOf = new java.util.HashMap<>(tasks.size() * 2);
        for (int i = 0; i < tasks.size(); i++) {
            // Ids repeat across plans (1.1, 1.2, …): one copy of each serves them all.
            ids[i] = tasks.get(i).id().intern();
            statuses[i] = (byte) TaskStatus.of(tasks.get(i).status()).ordinal();
            indexOf.putIfAbsent(ids[i], i);
        }
        List<TaskEvent> events = derived.events();
        long[] millis = new long[events.size()];
        int[] eventTaskIndexes = new int[events.size()];
        byte[] actions = new byte[events.size()];
        for (int i = 0; i < events.size(); i++) {
            TaskEvent event = events.get(i);
            millis[i] = event.epochMillis();
            eventTaskIndexes[i] = indexOf.getOrDefault(event.taskId(), -1);
            actions[i] = (byte) ACTIONS.indexOf(event.action());
        }
        // Arrays equal to the previous version's are that version's: a write changes a task or two
        // and the time stamp, and a plan's version lives seconds while plans are rewritten, longer
        // than a young object survives; its new arrays (a few KB for a plan of 85 tasks and their
        // events) would be promoted on every write and fill the old generation.
        boolean hasPrevious = previous != null;
        this.taskIds = hasPrevious && Arrays.equals(ids, previous.taskIds) ? previous.taskIds : ids;
        this.taskStatuses = hasPrevious && Arrays.equals(statuses, previous.taskStatuses) ? previous.taskStatuses : statuses;
        this.eventMillis = hasPrevious && Arrays.equals(millis, previous.eventMillis) ? previous.eventMillis : millis;
        this.eventTasks = hasPrevious && Arrays.equals(eventTaskIndexes, previous.eventTasks) ? previous.eventTasks : eventTaskIndexes;
        this.eventActions = hasPrevious && Arrays.equals(actions, previous.eventActions) ? previous.eventActions : actions;
        this.fingerprint = fingerprint(derived, planName, lastUpdatedAt);
    }

    /**
     * The digest of a derivation; {@code planName} and {@code lastUpdatedAt} as status.json has
     * them, {@code source} the file it was read from (not part of equality).
     */
    public static StatusDigest of(DerivedStatus derived, String planName, String lastUpdatedAt, java.nio.file.Path source) {
        return new StatusDigest(derived, planName, lastUpdatedAt, source, null);
    }

    /**
     * The digest of a new version of the file {@code previous} was the digest of: what equals the
     * previous version's is shared with it, not copied.
     */
    static StatusDigest next(DerivedStatus derived, String planName, String lastUpdatedAt, java.nio.file.Path source,
            StatusDigest previous) {
        return new StatusDigest(derived, planName, lastUpdatedAt, source, previous);
    }

    /** The status.json this digest was read from; null for a plan without one. */
    public java.nio.file.Path source() {
        return source;
    }

    public Progress progress() {
        return progress;
    }

    /** The plan's status by its tasks (pending, in_progress, completed, failed). */
    public String status() {
        return status;
    }

    /** The phases, without their tasks. */
    public List<Phase> phases() {
        return phases;
    }

    public CurrentTask currentTask() {
        return currentTask;
    }

    public String currentPhase() {
        return currentPhase;
    }

    public String createdAt() {
        return createdAt;
    }

    public String lastRunAt() {
        return lastRunAt;
    }

    /** status.json's {@code planName}, or null. */
    public String planName() {
        return planName;
    }

    public String lastUpdatedAt() {
        return lastUpdatedAt;
    }

    public long fingerprint() {
        return fingerprint;
    }

    public int taskCount() {
        return taskIds.length;
    }

    public String taskId(int index) {
        return taskIds[index];
    }

    public TaskStatus taskStatus(int index) {
        return STATUSES[taskStatuses[index]];
    }

    /**
     * Which of this digest's arrays are {@code other}'s own (not equal copies), by name: how a new
     * version is seen to share what did not change.
     */
    java.util.Set<String> arraysSharedWith(StatusDigest other) {
        java.util.Set<String> shared = new java.util.TreeSet<>();
        if (taskIds == other.taskIds) {
            shared.add("taskIds");
        }
        if (taskStatuses == other.taskStatuses) {
            shared.add("taskStatuses");
        }
        if (eventMillis == other.eventMillis) {
            shared.add("eventMillis");
        }
        if (eventTasks == other.eventTasks) {
            shared.add("eventTasks");
        }
        if (eventActions == other.eventActions) {
            shared.add("eventActions");
        }
        return shared;
    }

    /** Whether both versions list the same task ids in the same order (so tasks compare by index). */
    public boolean sameTasks(StatusDigest other) {
        return Arrays.equals(taskIds, other.taskIds);
    }

    /** The number of task events, which are indexed newest first. */
    public int eventCount() {
        return eventMillis.length;
    }

    public long eventMillis(int index) {
        return eventMillis[index];
    }

    /** The task of the event, or null when it cannot be told. */
    public String eventTaskId(int index) {
        int task = eventTasks[index];
        return task < 0 ? null : taskIds[task];
    }

    public String eventAction(int index) {
        int action = eventActions[index];
        return action < 0 ? null : ACTIONS.get(action);
    }

    /** How many {@code action} events happened at or after {@code fromMillis}. */
    public int countSince(String action, long fromMillis) {
        int count = 0;
        byte wanted = (byte) ACTIONS.indexOf(action);
        for (int i = 0; i < eventMillis.length && eventMillis[i] >= fromMillis; i++) {
            if (eventActions[i] == wanted) {
                count++;
            }
        }
        return count;
    }

    /**
     * Every served value of the derivation folded into 64 bits: the per-field hashes are mixed in
     * order, so any one changed field changes the result unless its own hash collides.
     */
    static long fingerprint(DerivedStatus derived, String planName, String lastUpdatedAt) {
        long hash = 0xcbf29ce484222325L;
        hash = mix(hash, Objects.hash(planName, lastUpdatedAt, derived.createdAt(), derived.currentPhase()));
        for (TaskView task : derived.tasks()) {
            hash = mix(hash, Objects.hashCode(task.id()));
            hash = mix(hash, Objects.hashCode(task.phaseName()));
            hash = mix(hash, Objects.hashCode(task.description()));
            hash = mix(hash, Objects.hashCode(task.status()));
            hash = mix(hash, Objects.hashCode(task.startedAt()));
            hash = mix(hash, Objects.hashCode(task.completedAt()));
            hash = mix(hash, Objects.hashCode(task.durationMs()));
            hash = mix(hash, Objects.hashCode(task.notes()));
            hash = mix(hash, Objects.hashCode(task.error()));
            hash = mix(hash, Objects.hashCode(task.findingsPath()));
            hash = mix(hash, Objects.hashCode(task.dependencies()));
            hash = mix(hash, task.retryCount());
        }
        for (RunView run : derived.runs()) {
            hash = mix(hash, run.hashCode());
        }
        return hash;
    }

    private static long mix(long hash, int value) {
        return (hash ^ (value & 0xffffffffL)) * 0x100000001b3L;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StatusDigest other)) {
            return false;
        }
        return fingerprint == other.fingerprint
                && progress.equals(other.progress)
                && status.equals(other.status)
                && phases.equals(other.phases)
                && Objects.equals(currentTask, other.currentTask)
                && Objects.equals(currentPhase, other.currentPhase)
                && Objects.equals(createdAt, other.createdAt)
                && Objects.equals(lastRunAt, other.lastRunAt)
                && Objects.equals(planName, other.planName)
                && Objects.equals(lastUpdatedAt, other.lastUpdatedAt)
                && Arrays.equals(taskIds, other.taskIds)
                && Arrays.equals(taskStatuses, other.taskStatuses)
                && Arrays.equals(eventMillis, other.eventMillis)
                && Arrays.equals(eventTasks, other.eventTasks)
                && Arrays.equals(eventActions, other.eventActions);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return "StatusDigest[tasks=" + taskIds.length + ", status=" + status + ", progress=" + progress + "]";
    }
}
