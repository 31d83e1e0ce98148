package dev.planwatch.registry;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.workspace.Timestamps;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a registry entry's pid is still that orchestrator. It must be alive, not a
 * zombie, not pid 0/1 or this service; and either started when the entry says (a recycled pid
 * belongs to a process that started later) or, for an entry without a start time, running a
 * command line that names an orchestrator. A live pid that passes neither is unproven and is
 * never signalled.
 */
@ApplicationScoped
public class ProcessIdentity {

    /** The verdict on a pid. */
    public enum Verdict {
        /** It is the orchestrator. */
        VERIFIED,
        /** Something runs under the pid, but nothing proves it is the orchestrator. */
        UNPROVEN,
        /** No process, or provably another one. */
        GONE
    }

    private final Duration tolerance;
    private final List<String> markers;
    private final long selfPid = ProcessHandle.current().pid();

    public ProcessIdentity(PlanwatchConfig config) {
        this.tolerance = config.orchestrator().identityTolerance();
        this.markers = config.orchestrator().processMarkers();
    }

    public boolean isSignallable(Long pid) {
        return pid != null && pid > 1 && pid != selfPid;
    }

    public Verdict check(Long pid, String startedAt) {
        if (!isSignallable(pid)) {
            return Verdict.GONE;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        Optional<ProcessTable.ProcessInfo> info = ProcessTable.read(pid);
        if (handle.isEmpty() || info.isEmpty() || info.get().zombie()) {
            return Verdict.GONE;
        }
        Optional<Instant> registered = Timestamps.parse(startedAt);
        Optional<Instant> started = handle.get().info().startInstant();
        if (registered.isPresent() && started.isPresent()) {
            Duration gap = Duration.between(started.get(), registered.get()).abs();
            return gap.compareTo(tolerance) > 0 ? Verdict.GONE : Verdict.VERIFIED;
        }
        List<String> argv = ProcessTable.commandLine(pid);
        return argv.stream().anyMatch(argument -> markers.stream().anyMatch(argument::contains)) ? Verdict.VERIFIED : Verdict.UNPROVEN;
    }
}
