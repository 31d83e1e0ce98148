package dev.planwatch.orchestrator;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.workspace.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns registry entries into a {@link RegistryView}. In control mode liveness is the process's
 * (with identity check); in observe mode the processes are in another namespace, so a fresh
 * heartbeat stands in for it.
 */
@ApplicationScoped
public class RegistryTracker {

    private final RegistryReader reader;
    private final ProcessIdentity identity;
    private final PlanwatchConfig.Mode mode;
    private final Duration staleAfter;

    public RegistryTracker(RegistryReader reader, ProcessIdentity identity, PlanwatchConfig config) {
        this.reader = reader;
        this.identity = identity;
        this.mode = config.orchestrator().mode();
        this.staleAfter = config.orchestrator().heartbeatStaleAfter();
    }

    public RegistryView read() {
        RegistrySnapshot snapshot = reader.read();
        List<RegistryView.TrackedEntry> tracked = snapshot.entries().stream()
                .map(entry -> new RegistryView.TrackedEntry(entry, entry.claimsRunning() && isAlive(entry)))
                .toList();
        return new RegistryView(tracked, snapshot.error());
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
