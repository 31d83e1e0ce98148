package dev.planwatch.registry;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process trees of the orchestrators planwatch has seen alive, remembered by registry id, so
 * that what an orchestrator started is still found after the orchestrator itself is gone; and the
 * ending of a whole tree.
 */
@ApplicationScoped
public class OrchestratorProcesses {

    /** How often a stop reads the whole process table (in between, only the known members, every 1 ms). */
    private static final long SCAN_NANOS = Duration.ofMillis(10).toNanos();
    /**
     * How long a process that joins the tree during a stop may live: enough for a helper that
     * finishes at once (the registry's lock holder during the orchestrator's own clean-up), far
     * less than any task needs before its first change.
     */
    private static final long NEWCOMER_GRACE_NANOS = Duration.ofMillis(50).toNanos();
    /** How long SIGKILLed processes get to disappear before a stop gives up. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final Map<String, ProcessTree> trees = new ConcurrentHashMap<>();

    /** Remembers where the verified live process of {@code entry} runs. */
    public Optional<ProcessTree> remember(RegistryEntry entry) {
        if (entry.id() == null || entry.pid() == null) {
            return Optional.empty();
        }
        Optional<ProcessTree> tree = ProcessTree.of(entry.pid());
        tree.ifPresent(t -> trees.put(entry.id(), t));
        return tree;
    }

    public Optional<ProcessTree> remembered(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(trees.get(id));
    }

    public void forget(String id) {
        trees.remove(id);
    }

    /** Forgets every tree but those of {@code ids}. */
    public void retainOnly(Collection<String> ids) {
        trees.keySet().retainAll(new HashSet<>(ids));
    }

    /** The live processes of the remembered tree of {@code id} (empty when none is remembered). */
    public List<ProcessTable.ProcessInfo> processes(String id, List<ProcessTable.ProcessInfo> table, boolean pidVerified) {
        return remembered(id).map(tree -> tree.members(table, pidVerified)).orElse(List.of());
    }

    /** How a stop of a tree ended. */
    public record Ending(boolean forced, int ended, List<ProcessTable.ProcessInfo> remaining) {
        public boolean complete() {
            return remaining.isEmpty();
        }
    }

    /**
     * Ends every process of {@code tree}: SIGTERM to each (SIGKILL when {@code force}), then waits up
     * to {@code timeout} for all of them to exit, then SIGKILLs what is left. A process that joins
     * the tree after the stop began and is still there 50 ms later is new work started after the
     * orchestrator was asked to stop (a worker for the next task: the original orchestrator's pause
     * loop falls into the next iteration without looking at its stop flag), and is SIGKILLed.
     * Returns when none is left, or after the kill's grace with those that are.
     */
    public Ending terminate(ProcessTree tree, boolean pidVerified, Duration timeout, boolean force) {
        List<ProcessTable.ProcessInfo> members = tree.members(ProcessTable.all(), pidVerified);
        Set<Long> seen = new HashSet<>();
        Map<Long, Long> newcomers = new HashMap<>();
        Set<Long> ended = new HashSet<>();
        for (ProcessTable.ProcessInfo p : members) {
            seen.add(p.pid());
            ended.add(p.pid());
            ProcessSignals.send(p.pid(), force);
        }
        boolean forced = force;
        long deadline = System.nanoTime() + (force ? KILL_GRACE : timeout).toNanos();
        long nextScan = System.nanoTime() + SCAN_NANOS;
        while (true) {
            long now = System.nanoTime();
            // Between full scans only the known members are looked at (one file each); the table is
            // read again when they are all gone, to be sure, and on schedule, to find newcomers.
            if (now < nextScan && members.stream().anyMatch(p -> ProcessTable.read(p.pid()).filter(q -> !q.zombie()).isPresent())) {
                pause();
                if (Thread.currentThread().isInterrupted()) {
                    return new Ending(forced, ended.size() - members.size(), List.copyOf(members));
                }
                continue;
            }
            nextScan = now + SCAN_NANOS;
            members = tree.members(ProcessTable.all(), pidVerified);
            if (members.isEmpty()) {
                return new Ending(forced, ended.size(), List.of());
            }
            for (ProcessTable.ProcessInfo p : members) {
                ended.add(p.pid());
                if (!seen.contains(p.pid()) && now - newcomers.computeIfAbsent(p.pid(), pid -> now) >= NEWCOMER_GRACE_NANOS) {
                    seen.add(p.pid());
                    ProcessSignals.send(p.pid(), true);
                }
            }
            if (now >= deadline) {
                if (forced) {
                    return new Ending(true, ended.size() - members.size(), List.copyOf(members));
                }
                forced = true;
                members.forEach(p -> ProcessSignals.send(p.pid(), true));
                deadline = now + KILL_GRACE.toNanos();
            }
            pause();
            if (Thread.currentThread().isInterrupted()) {
                return new Ending(forced, ended.size() - members.size(), List.copyOf(members));
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
