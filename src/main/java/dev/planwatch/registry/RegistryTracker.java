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
    private final OrchestratorProcesses processes;
    private final RemoteRuns remoteRuns;
    private final PlanwatchConfig.Mode mode;
    private final Duration staleAfter;

    public RegistryTracker(RegistryReader reader, ConfirmedStarts confirmed, ProcessIdentity identity,
                           OrchestratorProcesses processes, RemoteRuns remoteRuns, PlanwatchConfig config) {
        this.reader = reader;
        this.remoteRuns = remoteRuns;
        this.confirmed = confirmed;
        this.identity = identity;
        this.processes = processes;
        this.mode = config.orchestrator().mode();
        this.staleAfter = config.orchestrator().heartbeatStaleAfter();
    }

    /**
     * The registry's entries with their liveness, plus the orchestrators planwatch started whose
     * entry has gone from the file while any of their processes still runs (listed as not
     * registered), then the remote runs (a plan's runs in a cluster) after them. The process table
     * is read only when some orchestrator's own process is gone and what it started must be looked for.
     */
    public RegistryView read() {
        RegistrySnapshot snapshot = reader.read();
        List<RegistryView.TrackedEntry> tracked = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        ProcessTableOnce table = new ProcessTableOnce();
        for (RegistryEntry entry : snapshot.entries()) {
            Liveness liveness = entry.claimsRunning() ? liveness(entry, table) : Liveness.GONE;
            tracked.add(new RegistryView.TrackedEntry(entry, liveness, true));
            ids.add(entry.id());
        }
        for (RegistryEntry lost : confirmed.remembered()) {
            if (ids.contains(lost.id())) {
                continue;
            }
            Liveness liveness = confirmed.stillRuns(lost) ? remembered(lost) : survivors(lost, table);
            if (liveness == Liveness.GONE) {
                confirmed.forget(lost.id());
            } else {
                tracked.add(new RegistryView.TrackedEntry(lost, liveness, false));
                ids.add(lost.id());
            }
        }
        if (mode == PlanwatchConfig.Mode.control) {
            processes.retainOnly(ids);
        }
        for (RemoteRun run : remoteRuns.current()) {
            // An id is one orchestrator: a registry entry of the same id (the run's own sidecar, were it this planwatch) wins.
            if (ids.add(run.id())) {
                tracked.add(RegistryView.TrackedEntry.of(run));
            }
        }
        return new RegistryView(List.copyOf(tracked), snapshot.error());
    }

    private Liveness liveness(RegistryEntry entry, ProcessTableOnce table) {
        if (mode == PlanwatchConfig.Mode.observe) {
            if (entry.lastHeartbeat() == null) {
                return Liveness.ALIVE;
            }
            return Timestamps.parse(entry.lastHeartbeat())
                    .filter(beat -> Duration.between(beat, Instant.now()).compareTo(staleAfter) <= 0)
                    .map(beat -> Liveness.ALIVE)
                    .orElse(Liveness.GONE);
        }
        return switch (identity.check(entry.pid(), entry.startedAt())) {
            case VERIFIED -> remembered(entry);
            case UNPROVEN -> Liveness.UNVERIFIED;
            case GONE -> survivors(entry, table);
        };
    }

    private Liveness remembered(RegistryEntry entry) {
        if (processes.remembered(entry.id()).map(tree -> tree.pid() != entry.pid()).orElse(true)) {
            processes.remember(entry);
        }
        return Liveness.ALIVE;
    }

    private Liveness survivors(RegistryEntry entry, ProcessTableOnce table) {
        if (processes.remembered(entry.id()).isEmpty()) {
            return Liveness.GONE;
        }
        if (processes.processes(entry.id(), table.get(), false).isEmpty()) {
            processes.forget(entry.id());
            return Liveness.GONE;
        }
        return Liveness.ORPHANED;
    }

    /** The process table, read at most once per view. */
    private static final class ProcessTableOnce {
        private List<ProcessTable.ProcessInfo> table;

        List<ProcessTable.ProcessInfo> get() {
            if (table == null) {
                table = ProcessTable.all();
            }
            return table;
        }
    }
}
