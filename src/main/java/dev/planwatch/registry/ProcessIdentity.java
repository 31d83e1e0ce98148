package dev.planwatch.registry;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.workspace.Timestamps;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a registry entry's pid is still that orchestrator: alive, not a zombie, not
 * pid 0/1 or this service, and started when the entry says (a recycled pid belongs to a process
 * that started later).
 */
@ApplicationScoped
public class ProcessIdentity {

    private final Duration tolerance;
    private final long selfPid = ProcessHandle.current().pid();

    public ProcessIdentity(PlanwatchConfig config) {
        this.tolerance = config.orchestrator().identityTolerance();
    }

    public boolean isSignallable(Long pid) {
        return pid != null && pid > 1 && pid != selfPid;
    }

    /** The live process behind {@code pid} if it is the one registered at {@code startedAt}. */
    public Optional<ProcessHandle> verified(Long pid, String startedAt) {
        if (!isSignallable(pid)) {
            return Optional.empty();
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty() || ProcessSignals.isZombie(pid)) {
            return Optional.empty();
        }
        Optional<Instant> registered = Timestamps.parse(startedAt);
        Optional<Instant> started = handle.get().info().startInstant();
        if (registered.isPresent() && started.isPresent()) {
            Duration gap = Duration.between(started.get(), registered.get()).abs();
            if (gap.compareTo(tolerance) > 0) {
                return Optional.empty();
            }
        }
        return handle;
    }

    public boolean isAlive(Long pid, String startedAt) {
        return verified(pid, startedAt).isPresent();
    }
}
