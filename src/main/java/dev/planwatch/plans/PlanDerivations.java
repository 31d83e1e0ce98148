package dev.planwatch.plans;

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
import java.util.Optional;
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
        List<TaskView> tasks = document.tasks().stream().map(PlanDerivations::taskView).toList();
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
        List<TaskEvent> events = events(plan, tasks);
        return new DerivedStatus(progress, statusOf(progress), phases(tasks), current, currentPhase, tasks, runs,
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

    static TaskView taskView(StatusDocument.Task task) {
        String completedAt = task.completedAt() != null ? task.completedAt() : task.failedAt();
        Long duration = task.durationMs() != null ? task.durationMs() : elapsedMillis(task.startedAt(), completedAt);
        return new TaskView(task.id(), phaseNumber(task.phase()), task.phase(), task.description(), normalizeStatus(task.status()),
                task.startedAt(), completedAt, duration, task.durationMs(), task.notes(), task.error(), task.findingsPath(),
                task.dependencies(), task.retryCount() == null ? 0 : Math.max(0, task.retryCount()), TaskView.MAX_RETRIES);
    }

    private static Long elapsedMillis(String from, String to) {
        Optional<Instant> start = Timestamps.parse(from);
        Optional<Instant> end = Timestamps.parse(to);
        if (start.isEmpty() || end.isEmpty() || end.get().isBefore(start.get())) {
            return null;
        }
        return end.get().toEpochMilli() - start.get().toEpochMilli();
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
        if (p.total() > 0 && p.completed() == p.total()) {
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
    static List<Phase> phases(List<TaskView> tasks) {
        Map<String, List<TaskView>> byPhase = byPhase(tasks);
        List<Phase> phases = new ArrayList<>(byPhase.size());
        byPhase.forEach((heading, phaseTasks) -> phases.add(phase(heading, phaseTasks)));
        return List.copyOf(phases);
    }

    /** The phases of {@code tasks}, each with its tasks (a plan's detail). */
    public static List<Phase> phasesWithTasks(List<TaskView> tasks) {
        Map<String, List<TaskView>> byPhase = byPhase(tasks);
        List<Phase> phases = new ArrayList<>(byPhase.size());
        byPhase.forEach((heading, phaseTasks) -> phases.add(phase(heading, phaseTasks).withTasks(List.copyOf(phaseTasks))));
        return List.copyOf(phases);
    }

    private static Map<String, List<TaskView>> byPhase(List<TaskView> tasks) {
        Map<String, List<TaskView>> byPhase = new LinkedHashMap<>();
        for (TaskView task : tasks) {
            byPhase.computeIfAbsent(task.phaseName() == null ? UNKNOWN_PHASE : task.phaseName(), k -> new ArrayList<>()).add(task);
        }
        return byPhase;
    }

    private static Phase phase(String heading, List<TaskView> tasks) {
        Progress counts = progress(tasks);
        Instant first = null;
        Instant last = null;
        String startedAt = null;
        String completedAt = null;
        for (TaskView task : tasks) {
            Optional<Instant> started = Timestamps.parse(task.startedAt());
            if (started.isPresent() && (first == null || started.get().isBefore(first))) {
                first = started.get();
                startedAt = task.startedAt();
            }
            Optional<Instant> ended = Timestamps.parse(task.completedAt());
            if (ended.isPresent() && (last == null || ended.get().isAfter(last))) {
                last = ended.get();
                completedAt = task.completedAt();
            }
        }
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
    static List<TaskEvent> events(String plan, List<TaskView> tasks) {
        List<TaskEvent> events = new ArrayList<>();
        for (TaskView task : tasks) {
            add(events, plan, task, "started", task.startedAt());
            String ending = switch (TaskStatus.of(task.status())) {
                case FAILED, SKIPPED -> task.status();
                default -> TaskStatus.COMPLETED.wire();
            };
            add(events, plan, task, ending, task.completedAt());
        }
        events.sort(Comparator.comparingLong(TaskEvent::epochMillis).reversed());
        return List.copyOf(events);
    }

    private static void add(List<TaskEvent> events, String plan, TaskView task, String action, String timestamp) {
        Optional<Instant> at = Timestamps.parse(timestamp);
        at.ifPresent(instant -> events.add(new TaskEvent(plan, task.id(), action, task.description(), timestamp, instant.toEpochMilli())));
    }
}
