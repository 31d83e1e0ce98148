package dev.planwatch.registry;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The orchestrators this planwatch confirmed starting, remembered for as long as their process
 * lives. The registry file is shared and can lose an entry (deleted, rewritten by another tool);
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

    /** The remembered entries whose very process still runs; the others are forgotten here. */
    public List<RegistryEntry> alive() {
        List<RegistryEntry> alive = new ArrayList<>();
        byId.values().removeIf(confirmed -> {
            boolean same = startOf(confirmed.entry().pid()).map(confirmed.processStart()::equals).orElse(false)
                    && !ProcessSignals.isZombie(confirmed.entry().pid());
            if (same) {
                alive.add(confirmed.entry());
            }
            return !same;
        });
        return alive;
    }

    private static Optional<Instant> startOf(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(handle -> handle.info().startInstant());
    }
}
