package dev.planwatch.plans.catalog;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.workspace.ParsedFile;
import dev.planwatch.workspace.StatusDocument;
import dev.planwatch.workspace.StatusFileReader;
import dev.planwatch.workspace.StatusReadGate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The full records of plans' status.json (every task with its description, notes and error; the
 * runs; the task events), kept for the plans used last within a budget of bytes and read again
 * from disk when a request needs one that was let go. The catalog keeps only each plan's
 * {@link StatusDigest}; this is where both are made from one parse.
 *
 * <p>A plan whose current status.json cannot be parsed keeps serving its last good records: those
 * are held outside the budget until the file parses again (if they were already let go, its tasks
 * are served from the digest: ids and statuses).
 */
@ApplicationScoped
public class StatusRecords {

    /**
     * Heap bytes taken by the records of one byte of status.json, estimated: a file's text is
     * mostly strings, which the records hold once each with their object headers, while the
     * file's keys and punctuation are not held at all.
     */
    static final int HEAP_BYTES_PER_FILE_BYTE = 2;

    /** {@code digest} is null for records read for a request, which makes no digest. */
    private record Entry(DerivedStatus derived, StatusDigest digest, long fingerprint, long weight) {
    }

    private final StatusFileReader reader;
    private final long budgetBytes;
    /** Least recently used first. Guarded by itself. */
    private final LinkedHashMap<Path, Entry> recent = new LinkedHashMap<>(64, 0.75f, true);
    /** Guarded by {@link #recent}. */
    private long weight;
    private final Map<Path, Entry> lastGood = new ConcurrentHashMap<>();

    private final StatusReadGate gate;

    @Inject
    public StatusRecords(StatusFileReader reader, StatusReadGate gate, PlanwatchConfig config) {
        this(reader, gate, config.taskCacheSize().asLongValue());
    }

    StatusRecords(StatusFileReader reader, long budgetBytes) {
        this(reader, new StatusReadGate(reader.maxBytes()), budgetBytes);
    }

    private StatusRecords(StatusFileReader reader, StatusReadGate gate, long budgetBytes) {
        this.reader = reader;
        this.gate = gate;
        this.budgetBytes = budgetBytes;
    }

    /**
     * Parses a new version of {@code plan}'s status.json: keeps its full records (within the
     * budget) and returns its digest.
     */
    public StatusDigest digest(String plan, Path file, byte[] content) throws Exception {
        StatusDocument document = reader.parse(content);
        Entry previous = previous(file);
        DerivedStatus derived = sharedWithPrevious(previous, PlanDerivations.derive(plan, document));
        StatusDigest digest = StatusDigest.next(derived, document.planName(), document.lastUpdatedAt(), file,
                previous == null ? null : previous.digest());
        keep(file, derived, digest, digest.fingerprint(), content.length);
        lastGood.remove(file);
        return digest;
    }

    /**
     * The current version of {@code file} cannot be parsed: its last good records, if still
     * kept, stay until it parses again.
     */
    public void holdLastGood(Path file) {
        synchronized (recent) {
            Entry entry = removeKept(file);
            if (entry != null) {
                lastGood.put(file, entry);
            }
        }
    }

    /** The plan's file is gone: nothing of it is kept. */
    public void forget(Path file) {
        if (file == null) {
            return;
        }
        lastGood.remove(file);
        removeKept(file);
    }

    /** Takes {@code file}'s records out of the budget; returns them, or null when none were kept. */
    private Entry removeKept(Path file) {
        synchronized (recent) {
            Entry entry = recent.remove(file);
            if (entry != null) {
                weight -= entry.weight();
            }
            return entry;
        }
    }

    /** The plan's full records when they are in memory (no disk read). */
    public Optional<DerivedStatus> cached(PlanView view) {
        StatusDigest digest = view.digest();
        if (digest.source() == null) {
            return Optional.of(DerivedStatus.EMPTY);
        }
        Entry held = lastGood.get(digest.source());
        if (held != null && held.fingerprint() == digest.fingerprint()) {
            return Optional.of(held.derived());
        }
        synchronized (recent) {
            Entry entry = recent.get(digest.source());
            if (entry != null && entry.fingerprint() == digest.fingerprint()) {
                return Optional.of(entry.derived());
            }
        }
        return Optional.empty();
    }

    /**
     * The plan's full records: from memory, else read from disk now (blocking). A file that
     * changed since the view was made gives the newer records, whole; one that cannot be read
     * gives what the digest holds.
     */
    public DerivedStatus of(PlanView view) {
        Optional<DerivedStatus> cached = cached(view);
        if (cached.isPresent()) {
            return cached.get();
        }
        StatusDigest digest = view.digest();
        Path file = digest.source();
        Optional<ParsedFile<StatusDocument>> read = gate.around(file, () -> reader.readNow(file));
        if (read.isPresent() && read.get().error() == null) {
            StatusDocument document = read.get().value();
            DerivedStatus derived = PlanDerivations.derive(view.name(), document);
            keep(file, derived, null, StatusDigest.fingerprint(derived, document.planName(), document.lastUpdatedAt()),
                    read.get().stamp().size());
            return derived;
        }
        Entry held = lastGood.get(file);
        return held != null ? held.derived() : fromDigest(digest);
    }

    /** Bytes of records kept within the budget now. */
    public long keptBytes() {
        synchronized (recent) {
            return weight;
        }
    }

    /** The records kept of {@code file}'s version before this one, or null. */
    private Entry previous(Path file) {
        Entry previous;
        synchronized (recent) {
            previous = recent.get(file);
        }
        return previous != null ? previous : lastGood.get(file);
    }

    /**
     * {@code derived} with every part that equals the previous version's (kept) records replaced by
     * that part. An orchestrator's write changes a task or two and the time stamp; the rest of a new
     * version (descriptions, notes, phases, runs, events) is then garbage at once, in the young
     * generation, instead of living as long as the version does (seconds, while plans are rewritten)
     * and being promoted, which is what filled the old generation of a small heap and made full
     * collections under a busy workspace.
     */
    private static DerivedStatus sharedWithPrevious(Entry previous, DerivedStatus derived) {
        if (previous == null) {
            return derived;
        }
        DerivedStatus before = previous.derived();
        return new DerivedStatus(same(before.progress(), derived.progress()), same(before.status(), derived.status()),
                shared(before.phases(), derived.phases()), same(before.currentTask(), derived.currentTask()),
                same(before.currentPhase(), derived.currentPhase()), shared(before.tasks(), derived.tasks()),
                shared(before.runs(), derived.runs()), shared(before.events(), derived.events()),
                same(before.createdAt(), derived.createdAt()), same(before.lastRunAt(), derived.lastRunAt()));
    }

    private static <T> T same(T before, T after) {
        return before != null && before.equals(after) ? before : after;
    }

    /**
     * {@code after}, whose elements equal to one of {@code before}'s are {@code before}'s (by value,
     * wherever they are: a new event goes in front of the others).
     */
    static <T> List<T> shared(List<T> before, List<T> after) {
        if (before.equals(after)) {
            return before;
        }
        Map<T, T> earlier = new HashMap<>(before.size() * 2);
        for (T element : before) {
            earlier.putIfAbsent(element, element);
        }
        List<T> merged = new ArrayList<>(after.size());
        for (T element : after) {
            merged.add(earlier.getOrDefault(element, element));
        }
        return Collections.unmodifiableList(merged);
    }

    /** Keeps {@code derived}, read from {@code fileBytes} of {@code file}, as the newest records. */
    private void keep(Path file, DerivedStatus derived, StatusDigest digest, long fingerprint, long fileBytes) {
        Entry entry = new Entry(derived, digest, fingerprint, fileBytes * HEAP_BYTES_PER_FILE_BYTE);
        synchronized (recent) {
            Entry previous = recent.put(file, entry);
            weight += entry.weight() - (previous == null ? 0 : previous.weight());
            Iterator<Map.Entry<Path, Entry>> eldest = recent.entrySet().iterator();
            // The newest entry stays even alone over the budget: the request that read it uses it.
            while (weight > budgetBytes && recent.size() > 1 && eldest.hasNext()) {
                Map.Entry<Path, Entry> next = eldest.next();
                if (next.getKey().equals(file)) {
                    continue;
                }
                weight -= next.getValue().weight();
                eldest.remove();
            }
        }
    }

    /** Records rebuilt from a digest alone: the tasks with their ids and statuses, nothing else. */
    private static DerivedStatus fromDigest(StatusDigest digest) {
        List<TaskView> tasks = new java.util.ArrayList<>(digest.taskCount());
        for (int i = 0; i < digest.taskCount(); i++) {
            tasks.add(TaskView.statusOnly(digest.taskId(i), digest.taskStatus(i).wire()));
        }
        return new DerivedStatus(digest.progress(), digest.status(), digest.phases(), digest.currentTask(), digest.currentPhase(),
                List.copyOf(tasks), List.of(), List.of(), digest.createdAt(), digest.lastRunAt());
    }
}
