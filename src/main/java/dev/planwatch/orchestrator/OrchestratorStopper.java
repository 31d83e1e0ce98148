package dev.planwatch.orchestrator;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.registry.Liveness;
import dev.planwatch.registry.OrchestratorProcesses;
import dev.planwatch.registry.ProcessTable;
import dev.planwatch.registry.ProcessTree;
import dev.planwatch.registry.RegistryEntry;
import dev.planwatch.registry.RegistryFile;
import dev.planwatch.registry.RegistryTracker;
import dev.planwatch.registry.RegistryView;
import dev.planwatch.workspace.Timestamps;
import dev.planwatch.workspace.Workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops orchestrators. A stop ends every process of the orchestrator (its group, its session,
 * their descendants), not only the registered one, within a timeout (then by SIGKILL when forced),
 * and leaves the registry valid for the orchestrators' own readers: an entry a killed orchestrator
 * left claiming to run is marked stopped. Runs on worker threads.
 */
@ApplicationScoped
@Startup // its meter is on /q/metrics from the start
public class OrchestratorStopper {

    private static final Logger LOG = Logger.getLogger(OrchestratorStopper.class);

    private final ControlMode controlMode;
    private final RegistryTracker tracker;
    private final OrchestratorProcesses processes;
    private final OrchestratorLauncher launcher;
    private final RegistryFile registryFile;
    private final Duration maxStopTimeout;
    private final Counter stopsConfirmed;

    public OrchestratorStopper(ControlMode controlMode, RegistryTracker tracker, OrchestratorProcesses processes,
                               OrchestratorLauncher launcher, Workspace workspace, ObjectMapper mapper, PlanwatchConfig config,
                               MeterRegistry meters) {
        this.controlMode = controlMode;
        this.tracker = tracker;
        this.processes = processes;
        this.launcher = launcher;
        this.registryFile = new RegistryFile(workspace.registryFile(), mapper);
        this.maxStopTimeout = config.orchestrator().maxStopTimeout();
        this.stopsConfirmed = Counter.builder("planwatch.orchestrators.stopped").description("Stops confirmed by the process's exit")
                .register(meters);
    }

    /** Stops the plan's running orchestrator. */
    public ControlResponses.StopResponse stop(String plan, StopRequest request) {
        controlMode.require();
        stopTimeout(request.timeout());
        RegistryView registry = tracker.read();
        RegistryView.TrackedEntry target = registry.entries().stream()
                .filter(t -> plan.equals(t.entry().plan()) && t.running())
                .findFirst()
                .orElseThrow(() -> notRunning(registry, plan));
        return stop(target, request);
    }

    /** Ends every process of the orchestrator {@code target} (running: alive, orphaned or completing). */
    public ControlResponses.StopResponse stop(RegistryView.TrackedEntry target, StopRequest request) {
        controlMode.require();
        boolean force = Boolean.TRUE.equals(request.force());
        Duration timeout = stopTimeout(request.timeout());
        RegistryEntry entry = target.entry();
        String plan = entry.plan();
        boolean pidVerified = target.alive();
        ProcessTree tree = (pidVerified ? processes.remember(entry) : processes.remembered(entry.id()))
                .orElseThrow(() -> noLongerRunning(plan));
        OrchestratorProcesses.Ending ending = processes.terminate(tree, pidVerified, timeout, force);
        if (!ending.complete()) {
            Map<String, Object> details = new HashMap<>();
            details.put("pid", entry.pid());
            details.put("remaining", ending.remaining().stream().map(ProcessTable.ProcessInfo::pid).toList());
            throw new ApiException(ErrorCode.STOP_FAILED, "Processes of the orchestrator of plan " + plan + " did not exit", details);
        }
        Integer exitCode = launcher.exitCodeOf(entry.pid());
        markStopped(entry);
        if (plan != null) {
            launcher.note(plan, "orchestrator " + entry.pid() + " stopped, " + ending.ended() + " process(es) ended"
                    + (ending.forced() ? " (killed)" : ""));
        }
        stopsConfirmed.increment();
        return new ControlResponses.StopResponse(true, "Orchestrator stopped for plan " + plan,
                new ControlResponses.Stopped(entry.pid(), Timestamps.now(), ending.forced(), exitCode, ending.ended()));
    }

    private static ApiException noLongerRunning(String plan) {
        Map<String, Object> details = new HashMap<>();
        details.put("plan", plan); // null for an entry that names no plan
        return new ApiException(ErrorCode.NOT_RUNNING, "The orchestrator of plan " + plan + " is no longer running", details);
    }

    private static ApiException notRunning(RegistryView registry, String plan) {
        boolean unverified = registry.entries().stream()
                .anyMatch(t -> plan.equals(t.entry().plan()) && t.liveness() == Liveness.UNVERIFIED);
        if (unverified) {
            return new ApiException(ErrorCode.NOT_RUNNING, "The registry names a process for plan " + plan
                    + " that cannot be proven to be its orchestrator; it is not signalled", Map.of("plan", plan, "reason", "unverified"));
        }
        return new ApiException(ErrorCode.NOT_RUNNING, "No running orchestrator found for plan " + plan, Map.of("plan", plan));
    }

    private Duration stopTimeout(Integer seconds) {
        if (seconds == null) {
            return Duration.ofSeconds(StopRequest.DEFAULT_TIMEOUT_SECONDS);
        }
        long max = maxStopTimeout.toSeconds();
        if (seconds < 1 || seconds > max) {
            throw ApiException.invalid("timeout must be from 1 to " + max + " seconds", "timeout");
        }
        return Duration.ofSeconds(seconds);
    }

    /** The real orchestrator removes its entry on a clean exit; a killed one leaves it claiming to run. */
    private void markStopped(RegistryEntry entry) {
        try {
            registryFile.setStatus(node -> entry.id() != null && entry.id().equals(node.path("id").asText())
                    && node.path("pid").asLong() == entry.pid()
                    && List.of("running", "stopping").contains(node.path("status").asText()), "stopped");
        } catch (IOException e) {
            LOG.warnf("Could not mark %s stopped in the registry: %s", entry.id(), e.getMessage());
        }
    }
}
