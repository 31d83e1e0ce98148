package dev.planwatch.plans.catalog;

import dev.planwatch.registry.OrchestratorRef;
import dev.planwatch.workspace.StatusDocument;
import dev.planwatch.workspace.StatusTally;
import dev.planwatch.workspace.TaskStatus;
import dev.planwatch.workspace.Timestamps;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The derivations (progress counts and percentage, plan status, current phase and task, task
 * events), in the one place every endpoint and message takes them from.
 */
public final class PlanDerivations {

    private static final Pattern PHASE_NUMBER = Pattern.compile("Phase\\s+(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PHASE_PREFIX = Pattern.compile("^\\s*Phase\\s+\\d+\\s*:?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern BARE_NUMBER = Pattern.compile("^\\s*(\\d+)\\s*$");
    private static final String UNKNOWN_PHASE = "Unknown Phase";

    private PlanDerivations() {
    }

    public static DerivedStatus derive(String plan, StatusDocument document) {
        if (document == null) {
            return DerivedStatus.EMPTY;
        }
        // Each task's two timestamps are parsed once: duration, events and phase timing all use them.
        List<TaskView> views = new ArrayList<>(document.tasks().size());
        List<TaskTimes> times = new ArrayList<>(document.tasks().size());
        // A plan has a few phase headings for many tasks: each heading's number is read once.
        Map<String, Integer> phaseNumbers = new java.util.HashMap<>();
        for (StatusDocument.Task task : document.tasks()) {
            TaskTimes parsed = TaskTimes.of(task.startedAt(), completedAt(task));
            int phase = task.phase() == null ? 0 : phaseNumbers.computeIfAbsent(task.phase(), PlanDerivations::phaseNumber);
            views.add(taskView(task, parsed, phase));
            times.add(parsed);
        }
        List<TaskView> tasks = List.copyOf(views);
        Progress progress = progress(tasks);
        CurrentTask current = tasks.stream()
                .filter(t -> TaskStatus.IN_PROGRESS.is(t.status()))
                .findFirst()
                .map(t -> new CurrentTask(t.id(), t.description(), t.startedAt()))
                .orElse(null);
        String currentPhase = document.currentPhase();
        if (currentPhase == null && current != null) {
            currentPhase = tasks.stream().filter(t -> t.id().equals(current.id())).findFirst().map(TaskView::phaseName).orElse(null);
        }
        List<RunView> runs = document.runs().stream()
                .map(r -> new RunView(r.runId(), r.startedAt(), r.completedAt(), r.tasksCompleted(), r.tasksFailed()))
                .toList();
        List<TaskEvent> events = events(plan, tasks, times);
        return new DerivedStatus(progress, statusOf(progress), phases(tasks, times), current, currentPhase, tasks, runs,
                events, document.createdAt(), lastRunAt(runs, events));
    }

    /** The newest run's start, else the latest task event: when the plan last ran. */
    private static String lastRunAt(List<RunView> runs, List<TaskEvent> events) {
        return runs.stream()
                .map(RunView::startedAt)
                .filter(at -> Timestamps.parse(at).isPresent())
                .max(Comparator.comparing(at -> Timestamps.parse(at).get()))
                .orElse(events.isEmpty() ? null : events.get(0).timestamp());
    }

    public static String normalizeStatus(String status) {
        return TaskStatus.of(status).wire();
    }

    /** A task's start and end as instants; null where status.json has none or one that does not parse. */
    private record TaskTimes(Instant started, Instant ended) {

        static TaskTimes of(String startedAt, String endedAt) {
            return new TaskTimes(Timestamps.parse(startedAt).orElse(null), Timestamps.parse(endedAt).orElse(null));
        }

        /** From start to end in milliseconds; null when either is missing or the end comes first. */
        Long elapsedMillis() {
            if (started == null || ended == null || ended.isBefore(started)) {
                return null;
            }
            return ended.toEpochMilli() - started.toEpochMilli();
        }
    }

    private static String completedAt(StatusDocument.Task task) {
        return task.completedAt() != null ? task.completedAt() : task.failedAt();
    }

    /** One task as the API serves it, on its own (a skip or retry answers with the task it changed). */
    public static TaskView taskView(StatusDocument.Task task) {
        return taskView(task, TaskTimes.of(task.startedAt(), completedAt(task)), phaseNumber(task.phase()));
    }

    private static TaskView taskView(StatusDocument.Task task, TaskTimes times, int phaseNumber) {
        Long duration = task.durationMs() != null ? task.durationMs() : times.elapsedMillis();
        return new TaskView(task.id(), phaseNumber, task.phase(), task.description(), normalizeStatus(task.status()),
                task.startedAt(), completedAt(task), duration, task.durationMs(), task.notes(), task.error(), task.findingsPath(),
                task.dependencies(), task.retryCount() == null ? 0 : Math.max(0, task.retryCount()), TaskView.MAX_RETRIES);
    }

    public static Progress progress(List<TaskView> tasks) {
        StatusTally tally = new StatusTally();
        tasks.forEach(task -> tally.add(task.status()));
        int completed = tally.get(TaskStatus.COMPLETED);
        return new Progress(tally.total(), completed, tally.get(TaskStatus.PENDING), tally.get(TaskStatus.IN_PROGRESS),
                tally.get(TaskStatus.FAILED), tally.get(TaskStatus.SKIPPED), percentage(completed, tally.total()));
    }

    /** The counts of several plans added up, the percentage recomputed from the sums. */
    public static Progress sum(Iterable<Progress> parts) {
        int total = 0;
        int completed = 0;
        int pending = 0;
        int inProgress = 0;
        int failed = 0;
        int skipped = 0;
        for (Progress p : parts) {
            total += p.total();
            completed += p.completed();
            pending += p.pending();
            inProgress += p.inProgress();
            failed += p.failed();
            skipped += p.skipped();
        }
        return new Progress(total, completed, pending, inProgress, failed, skipped, percentage(completed, total));
    }

    /** round-half-up(part / total × 100), 0 when total is 0. */
    public static int percentage(int part, int total) {
        if (total <= 0) {
            return 0;
        }
        return (int) ((200L * part + total) / (2L * total));
    }

    /** completed iff all completed; failed iff a failure and nothing left to run; in_progress iff started. */
    public static String statusOf(Progress p) {
        if (p.allCompleted()) {
            return TaskStatus.COMPLETED.wire();
        }
        if (p.failed() > 0 && p.pending() == 0 && p.inProgress() == 0) {
            return TaskStatus.FAILED.wire();
        }
        if (p.completed() > 0 || p.inProgress() > 0) {
            return TaskStatus.IN_PROGRESS.wire();
        }
        return TaskStatus.PENDING.wire();
    }

    /** A plan whose orchestrator is running is in progress at least. */
    public static String withOrchestrator(String taskStatus, OrchestratorRef orchestrator) {
        if (orchestrator != null && orchestrator.running() && TaskStatus.PENDING.is(taskStatus)) {
            return TaskStatus.IN_PROGRESS.wire();
        }
        return taskStatus;
    }

    /** The phases of {@code tasks} in the order of their first task, without their tasks. */
    private static List<Phase> phases(List<TaskView> tasks, List<TaskTimes> times) {
        Map<String, List<Integer>> byPhase = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            byPhase.computeIfAbsent(headingOf(tasks.get(i)), k -> new ArrayList<>()).add(i);
        }
        List<Phase> phases = new ArrayList<>(byPhase.size());
        byPhase.forEach((heading, indexes) -> phases.add(phase(heading, indexes, tasks, times)));
        return List.copyOf(phases);
    }

    /** A plan's derived phases, each with its tasks (a plan's detail). */
    public static List<Phase> phasesWithTasks(DerivedStatus derived) {
        Map<String, List<TaskView>> byPhase = new LinkedHashMap<>();
        for (TaskView task : derived.tasks()) {
            byPhase.computeIfAbsent(headingOf(task), k -> new ArrayList<>()).add(task);
        }
        // Same grouping, same order as the derived phases.
        List<List<TaskView>> grouped = new ArrayList<>(byPhase.values());
        List<Phase> phases = new ArrayList<>(grouped.size());
        for (int i = 0; i < grouped.size(); i++) {
            phases.add(derived.phases().get(i).withTasks(List.copyOf(grouped.get(i))));
        }
        return List.copyOf(phases);
    }

    private static String headingOf(TaskView task) {
        return task.phaseName() == null ? UNKNOWN_PHASE : task.phaseName();
    }

    private static Phase phase(String heading, List<Integer> indexes, List<TaskView> tasks, List<TaskTimes> times) {
        List<TaskView> phaseTasks = new ArrayList<>(indexes.size());
        Instant first = null;
        Instant last = null;
        String startedAt = null;
        String completedAt = null;
        for (int i : indexes) {
            TaskView task = tasks.get(i);
            TaskTimes at = times.get(i);
            phaseTasks.add(task);
            if (at.started() != null && (first == null || at.started().isBefore(first))) {
                first = at.started();
                startedAt = task.startedAt();
            }
            if (at.ended() != null && (last == null || at.ended().isAfter(last))) {
                last = at.ended();
                completedAt = task.completedAt();
            }
        }
        Progress counts = progress(phaseTasks);
        boolean finished = counts.pending() == 0 && counts.inProgress() == 0;
        return new Phase(phaseNumber(heading), phaseName(heading), statusOf(counts), counts.total(), counts.completed(),
                counts.percentage(), startedAt, finished ? completedAt : null, null);
    }

    public static int phaseNumber(String phase) {
        if (phase == null) {
            return 0;
        }
        Matcher m = PHASE_NUMBER.matcher(phase);
        if (m.find()) {
            return parseSmallInt(m.group(1));
        }
        Matcher bare = BARE_NUMBER.matcher(phase);
        return bare.matches() ? parseSmallInt(bare.group(1)) : 0;
    }

    static String phaseName(String phase) {
        String stripped = PHASE_PREFIX.matcher(phase).replaceFirst("").strip();
        return stripped.isEmpty() ? phase.strip() : stripped;
    }

    private static int parseSmallInt(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Task events from timestamps, newest first; ties keep task order. */
    private static List<TaskEvent> events(String plan, List<TaskView> tasks, List<TaskTimes> times) {
        List<TaskEvent> events = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskView task = tasks.get(i);
            add(events, plan, task, "started", task.startedAt(), times.get(i).started());
            String ending = switch (TaskStatus.of(task.status())) {
                case FAILED, SKIPPED -> task.status();
                default -> TaskStatus.COMPLETED.wire();
            };
            add(events, plan, task, ending, task.completedAt(), times.get(i).ended());
        }
        events.sort(Comparator.comparingLong(TaskEvent::epochMillis).reversed());
        return List.copyOf(events);
    }

    private static void add(List<TaskEvent> events, String plan, TaskView task, String action, String timestamp, Instant at) {
        if (at != null) {
            events.add(new TaskEvent(plan, task.id(), action, task.description(), timestamp, at.toEpochMilli()));
        }
    }
}
