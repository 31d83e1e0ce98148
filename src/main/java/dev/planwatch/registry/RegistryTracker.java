package dev.planwatch.registry;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.workspace.Timestamps;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns registry entries into a {@link RegistryView}. In control mode liveness is the process's
 * (with identity check); in observe mode the processes are in another namespace, so a fresh
 * heartbeat stands in for it.
 */
@ApplicationScoped
public class RegistryTracker {

    private final RegistryReader reader;
    private final ConfirmedStarts confirmed;
    private final ProcessIdentity identity;
    private final PlanwatchConfig.Mode mode;
    private final Duration staleAfter;

    public RegistryTracker(RegistryReader reader, ConfirmedStarts confirmed, ProcessIdentity identity, PlanwatchConfig config) {
        this.reader = reader;
        this.confirmed = confirmed;
        this.identity = identity;
        this.mode = config.orchestrator().mode();
        this.staleAfter = config.orchestrator().heartbeatStaleAfter();
    }

    /**
     * The registry's entries with their liveness, plus the orchestrators planwatch started whose
     * entry has gone from the file while their process still runs (listed as not registered).
     */
    public RegistryView read() {
        RegistrySnapshot snapshot = reader.read();
        List<RegistryView.TrackedEntry> tracked = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (RegistryEntry entry : snapshot.entries()) {
            tracked.add(new RegistryView.TrackedEntry(entry, entry.claimsRunning() && isAlive(entry), true));
            ids.add(entry.id());
        }
        for (RegistryEntry lost : confirmed.alive()) {
            if (!ids.contains(lost.id())) {
                tracked.add(new RegistryView.TrackedEntry(lost, true, false));
            }
        }
        return new RegistryView(List.copyOf(tracked), snapshot.error());
    }

    private boolean isAlive(RegistryEntry entry) {
        if (mode == PlanwatchConfig.Mode.observe) {
            if (entry.lastHeartbeat() == null) {
                return true;
            }
            return Timestamps.parse(entry.lastHeartbeat())
                    .map(beat -> Duration.between(beat, Instant.now()).compareTo(staleAfter) <= 0)
                    .orElse(false);
        }
        return identity.isAlive(entry.pid(), entry.startedAt());
    }
}
