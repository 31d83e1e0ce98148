package dev.planwatch.registry;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The orchestrators this planwatch confirmed starting, remembered for as long as any of their
 * processes lives. The registry file is shared and can lose an entry (deleted, rewritten by another tool);
 * what planwatch itself started must still be refused a duplicate, listed and stoppable.
 */
@ApplicationScoped
public class ConfirmedStarts {

    /** A registered entry and the start time of the process it named when it was confirmed. */
    private record Confirmed(RegistryEntry entry, Instant processStart) {
    }

    private final Map<String, Confirmed> byId = new ConcurrentHashMap<>();

    /** Remembers the entry of a start just confirmed, if its process can be identified. */
    public void remember(RegistryEntry entry) {
        if (entry.id() == null || entry.pid() == null) {
            return;
        }
        startOf(entry.pid()).ifPresent(started -> byId.put(entry.id(), new Confirmed(entry, started)));
    }

    /** Every remembered entry. */
    public List<RegistryEntry> remembered() {
        List<RegistryEntry> entries = new ArrayList<>();
        byId.values().forEach(confirmed -> entries.add(confirmed.entry()));
        return entries;
    }

    /** Whether the very process remembered for {@code entry} still runs (not another one under its pid). */
    public boolean stillRuns(RegistryEntry entry) {
        Confirmed confirmed = byId.get(entry.id());
        return confirmed != null
                && startOf(entry.pid()).map(confirmed.processStart()::equals).orElse(false)
                && !ProcessSignals.isZombie(entry.pid());
    }

    public void forget(String id) {
        byId.remove(id);
    }

    private static Optional<Instant> startOf(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(handle -> handle.info().startInstant());
    }
}
