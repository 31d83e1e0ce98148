package dev.planwatch.cluster;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.orchestrator.ControlResponses;
import dev.planwatch.orchestrator.RemoteLauncher;
import dev.planwatch.orchestrator.SkipRequest;
import dev.planwatch.orchestrator.StartRequest;
import dev.planwatch.orchestrator.StopRequest;
import dev.planwatch.workspace.Timestamps;
import dev.planwatch.workspace.Workspace;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Plan runs as Kubernetes Jobs: a start creates the run's Job; pause and resume go to the run's
 * sidecar, which drives the orchestrator in the pod as it would on a laptop; a stop asks the sidecar
 * to stop the orchestrator (its timeout, then SIGKILL), then deletes the Job with background
 * propagation so its pod goes too; a force stop asks the sidecar to kill the orchestrator at once,
 * then deletes the Job with a grace period of 0. A run stays its plan's run, stopping, until its pod
 * has ended, so no second run of the plan starts beside it.
 */
@ApplicationScoped
public class ClusterControl implements RemoteLauncher {

    private static final Logger LOG = Logger.getLogger(ClusterControl.class);
    private static final Duration SEEN_TIMEOUT = Duration.ofSeconds(5);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClusterRuns runs;
    private final ClusterOrchestrators orchestrators;
    private final SidecarClient sidecars;
    private final Workspace workspace;
    private final PlanwatchConfig config;
    private final Map<String, ReentrantLock> planLocks = new ConcurrentHashMap<>();
    private volatile PlanJobs jobs;

    public ClusterControl(ClusterRuns runs, ClusterOrchestrators orchestrators, SidecarClient sidecars, Workspace workspace,
                          PlanwatchConfig config) {
        this.runs = runs;
        this.orchestrators = orchestrators;
        this.sidecars = sidecars;
        this.workspace = workspace;
        this.config = config;
    }

    @Override
    public boolean active() {
        return runs.enabled();
    }

    /**
     * Creates the run's Job and answers once the hub's informer has it, so a second start of the
     * plan sees it. A plan runs once at a time: a run pending, running or stopping refuses a start.
     * Each run has a checkout of its own, so a start's {@code worktree} changes nothing here.
     */
    @Override
    public ControlResponses.StartResponse start(String plan, String planPath, StartRequest request) {
        if (config.kubernetes().repository().isEmpty()) {
            throw new ApiException(ErrorCode.CLUSTER_NOT_CONFIGURED,
                    "planwatch.kubernetes.repository is not set: a plan run in the cluster clones that repository",
                    Map.of("key", "planwatch.kubernetes.repository"));
        }
        ReentrantLock lock = planLocks.computeIfAbsent(plan, key -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new ApiException(ErrorCode.ALREADY_RUNNING, "A start of plan " + plan + " is already in progress",
                    details("plan", plan));
        }
        try {
            runs.activeOf(plan).ifPresent(existing -> {
                Map<String, Object> details = details("orchestratorId", existing.id());
                details.put("state", existing.state());
                throw new ApiException(ErrorCode.ALREADY_RUNNING, "Plan " + plan + " already has a run in the cluster ("
                        + existing.id() + ", " + existing.state() + ")", details);
            });
            PlanJobs.RunName name = newRunName(plan);
            String logPath = workspace.relative(workspace.logFile(plan));
            Job job = jobs().job(plan, planPath, logPath, name, request);
            KubernetesCalls.call("create the Job of plan " + plan,
                    () -> runs.client().batch().v1().jobs().inNamespace(runs.namespace()).resource(job).create());
            LOG.infof("Created Job %s for plan %s in namespace %s", name.job(), plan, runs.namespace());
            if (!runs.awaitSeen(name.job(), SEEN_TIMEOUT)) {
                LOG.warnf("The Job %s was created but the informer has not seen it within %s", name.job(), SEEN_TIMEOUT);
            }
            String mode = request.mode() == null ? "batch" : request.mode();
            return new ControlResponses.StartResponse(true, "Job " + name.job() + " created for plan " + plan,
                    new ControlResponses.Started(name.job(), null, logPath, Timestamps.now(), mode), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.SHUTTING_DOWN, "Interrupted while the Job of plan " + plan + " was being created");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<ControlResponses.StopResponse> stopPlan(String plan, StopRequest request) {
        if (!active()) {
            return Optional.empty();
        }
        return runs.activeOf(plan).map(run -> stop(run, request));
    }

    @Override
    public Optional<ControlResponses.CommandResponse> command(String id, String command) {
        if (!active()) {
            return Optional.empty();
        }
        return runs.byId(id).map(run -> {
            if ("shutdown".equals(command)) {
                ControlResponses.StopResponse stopped = stop(run, StopRequest.DEFAULTS);
                return new ControlResponses.CommandResponse(true, stopped.message(), run.id(), null);
            }
            return new ControlResponses.CommandResponse(true, forward(run, command), run.id(), null);
        });
    }

    /**
     * On a hub a plan's status.json is the mirror of its run's: a skip or retry goes to the run's
     * sidecar, which changes the run's own file (under its lock) and whose next version the relay
     * brings back. Changing the mirror instead would be undone by that next version.
     */
    @Override
    public Optional<ControlResponses.TaskActionResponse> taskAction(String plan, String taskId, String action, SkipRequest skipRequest) {
        if (!active()) {
            return Optional.empty();
        }
        ClusterRun run = runs.activeOf(plan).filter(r -> r.podIp() != null).orElseThrow(() -> new ApiException(ErrorCode.NOT_RUNNING,
                "Plan " + plan + " has no run in the cluster to " + action + " task " + taskId + " in: its tasks change in the"
                        + " status.json of a run (this hub shows a copy of it)", Map.of("plan", plan, "taskId", taskId)));
        JsonNode answer = sidecars.post(run, "/api/plans/" + encode(plan) + "/tasks/" + encode(taskId) + "/" + action,
                "skip".equals(action) ? skipRequest : null);
        return Optional.of(sidecars.read(answer, ControlResponses.TaskActionResponse.class));
    }

    /** Pause or resume, sent by the run's sidecar to the orchestrator in the pod. */
    private String forward(ClusterRun run, String command) {
        if (!"running".equals(run.state())) {
            throw new ApiException(ErrorCode.ORCHESTRATOR_UNREACHABLE, "Run " + run.id() + " is " + run.state()
                    + (run.reason() == null ? "" : " (" + run.reason() + ")") + ": there is no orchestrator to " + command,
                    Map.of("id", run.id()));
        }
        String orchestrator = sidecars.orchestratorOf(run)
                .orElseThrow(() -> SidecarClient.unreachable(run, "no orchestrator is registered in the pod yet"));
        JsonNode answer = sidecars.post(run, "/api/orchestrators/" + encode(orchestrator) + "/" + command, null);
        // The run's paused state is what its orchestrator says, asked again now that it changed.
        orchestrators.commandSent(run.id());
        return answer.path("message").asText(command + " sent");
    }

    /**
     * Stops the orchestrator through the sidecar when it can be reached, then deletes the Job with its
     * pod. A stop: the sidecar's own stop (graceful, then SIGKILL after the timeout). A force stop: the
     * sidecar's force stop, which SIGKILLs the orchestrator's processes at once (the pod shares one
     * process namespace), then the Job's deletion with a grace period of 0. That grace period is the
     * Job's only: the garbage collector deletes the pod with the pod's own, so without the sidecar's
     * kill the orchestrator would get a SIGTERM and its grace period. With its container ended the pod
     * completes at once. Until the pod is gone the run stays its plan's run, stopping.
     */
    private ControlResponses.StopResponse stop(ClusterRun run, StopRequest request) {
        boolean force = Boolean.TRUE.equals(request.force());
        Integer exitCode = null;
        int ended = 0;
        String how;
        if (force ? run.podIp() != null : "running".equals(run.state())) {
            try {
                Map<String, Object> body = new HashMap<>();
                if (force) {
                    body.put("force", true);
                } else {
                    body.put("timeout", request.timeout());
                }
                JsonNode stopped = sidecars.post(run, "/api/plans/" + encode(run.plan()) + "/stop", body).path("orchestrator");
                exitCode = stopped.path("exitCode").isInt() ? stopped.path("exitCode").asInt() : null;
                ended = stopped.path("processesEnded").asInt(0);
                how = force ? "killed by its sidecar; Job deleted at once" : "stopped by its sidecar; Job deleted";
            } catch (ApiException e) {
                // Nothing to stop in the pod (the orchestrator ended) or no sidecar: the Job's deletion ends the pod.
                LOG.infof("Run %s: the sidecar did not stop it (%s); deleting its Job", run.id(), e.getMessage());
                how = "Job deleted" + (force ? " at once" : "") + " (its sidecar did not stop it: " + e.getMessage() + ")";
            }
        } else {
            how = force ? "Job deleted at once" : "Job deleted";
        }
        delete(run, force);
        return new ControlResponses.StopResponse(true, "Run " + run.id() + " of plan " + run.plan() + ": " + how,
                new ControlResponses.Stopped(null, Timestamps.now(), force, exitCode, ended));
    }

    private void delete(ClusterRun run, boolean force) {
        runs.deleting(run.id());
        try {
            KubernetesCalls.call("delete Job " + run.id(), () -> {
                var job = runs.client().batch().v1().jobs().inNamespace(runs.namespace()).withName(run.id())
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND);
                return force ? job.withGracePeriod(0).delete() : job.delete();
            });
        } catch (ApiException e) {
            runs.notDeleting(run.id());
            throw e;
        }
    }

    private PlanJobs jobs() {
        if (jobs == null) {
            jobs = new PlanJobs(config);
        }
        return jobs;
    }

    /** {@code pw-<plan>-r<yyMMddHHmmss>-<4 hex>}: at most 63 characters, a valid DNS label. */
    static PlanJobs.RunName newRunName(String plan) {
        Instant now = Instant.now();
        String run = "r" + now.atZone(ZoneOffset.UTC).format(RUN_TIME) + "-" + String.format("%04x", RANDOM.nextInt(0x10000));
        return new PlanJobs.RunName("pw-" + PlanJobs.dnsPart(plan, 40) + "-" + run, run, now);
    }

    private static Map<String, Object> details(String key, Object value) {
        Map<String, Object> details = new HashMap<>();
        details.put(key, value);
        return details;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
