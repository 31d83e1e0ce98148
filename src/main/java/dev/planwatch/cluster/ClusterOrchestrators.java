package dev.planwatch.cluster;

import dev.planwatch.api.ApiException;
import dev.planwatch.registry.RemoteRun;
import dev.planwatch.registry.RemoteRunsChanged;
import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.Workspace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runs in the cluster as the plans' orchestrators: on every change of the runs it fires the
 * whole list as {@link RemoteRunsChanged}, which the registry view merges with the registry's
 * entries, so a run shows as its plan's orchestrator wherever a local one does (plans, orchestrators,
 * sockets, events, the page), with its state and the reason of a failure or hold-up.
 * <p>
 * Paused lives in the orchestrator in the pod: the run's sidecar is asked ({@code GET
 * /api/orchestrators}) when a running run changes and after a pause or resume sent through the hub,
 * on a worker thread, never while a request waits; an answer older than one already applied is
 * dropped. A run whose Job has gone (stopped, or removed by its TTL) stays as its plan's last run, in
 * the state it ended in ({@code stopped} when it was still active), until a newer run of the plan
 * appears or this planwatch restarts: a failure's reason outlives the Job.
 */
@ApplicationScoped
public class ClusterOrchestrators {

    private static final Logger LOG = Logger.getLogger(ClusterOrchestrators.class);

    private final SidecarClient sidecars;
    private final Workspace workspace;
    private final Event<RemoteRunsChanged> published;
    private final ManagedExecutor executor;
    private final AtomicLong asks = new AtomicLong();
    /** The runs of the last change, by id. Guarded by this. */
    private Map<String, ClusterRun> runs = Map.of();
    /** What each running run's sidecar last answered about its orchestrator being paused, by run id. Guarded by this. */
    private final Map<String, Boolean> paused = new HashMap<>();
    /** The number of the ask whose answer {@link #paused} holds, by run id. Guarded by this. */
    private final Map<String, Long> answered = new HashMap<>();
    /** Each plan's latest run whose Job has gone, as it ended, by plan. Guarded by this. */
    private final Map<String, RemoteRun> gone = new HashMap<>();

    public ClusterOrchestrators(SidecarClient sidecars, Workspace workspace, Event<RemoteRunsChanged> published,
                                ManagedExecutor executor) {
        this.sidecars = sidecars;
        this.workspace = workspace;
        this.published = published;
        this.executor = executor;
    }

    void onRunsChanged(@Observes ClusterRunsChanged changed) {
        List<ClusterRun> toAsk = new ArrayList<>();
        synchronized (this) {
            Map<String, ClusterRun> next = new HashMap<>();
            changed.runs().forEach(run -> next.put(run.id(), run));
            for (ClusterRun before : runs.values()) {
                if (!next.containsKey(before.id())) {
                    if (before.plan() != null) {
                        gone.merge(before.plan(), ended(before), (a, b) -> startOf(b).compareTo(startOf(a)) >= 0 ? b : a);
                    }
                    paused.remove(before.id());
                    answered.remove(before.id());
                }
            }
            gone.values().removeIf(last -> next.values().stream()
                    .anyMatch(run -> last.plan().equals(run.plan()) && startOf(run.startedAt()).compareTo(startOf(last)) >= 0));
            for (ClusterRun run : next.values()) {
                if ("running".equals(run.state()) && !run.equals(runs.get(run.id()))) {
                    toAsk.add(run);
                }
                if (!"running".equals(run.state())) {
                    paused.remove(run.id());
                }
            }
            runs = Map.copyOf(next);
            publish();
        }
        toAsk.forEach(this::askPaused);
    }

    /** A pause or resume went to run {@code id} through its sidecar: what the orchestrator now says is asked. */
    void commandSent(String id) {
        ClusterRun run;
        synchronized (this) {
            run = runs.get(id);
        }
        if (run != null && "running".equals(run.state())) {
            askPaused(run);
        }
    }

    private void askPaused(ClusterRun run) {
        long ask = asks.incrementAndGet();
        try {
            executor.execute(() -> {
                Boolean answer;
                try {
                    answer = sidecars.pausedOf(run).orElse(null);
                } catch (ApiException | IllegalStateException e) {
                    LOG.debugf("Run %s: its sidecar did not say whether it is paused: %s", run.id(), e.getMessage());
                    answer = null;
                }
                answered(run.id(), ask, answer);
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private synchronized void answered(String id, long ask, Boolean answer) {
        ClusterRun run = runs.get(id);
        if (run == null || !"running".equals(run.state()) || answered.getOrDefault(id, 0L) > ask) {
            return;
        }
        answered.put(id, ask);
        if (!Objects.equals(paused.get(id), answer)) {
            paused.put(id, answer);
            publish();
        }
    }

    /** Fires the runs as they now stand; under this lock, so the versions leave in the order they were made. */
    private void publish() {
        List<RemoteRun> all = new ArrayList<>(runs.size() + gone.size());
        for (ClusterRun run : runs.values()) {
            all.add(remote(run, paused.get(run.id())));
        }
        all.addAll(gone.values());
        try {
            published.fire(new RemoteRunsChanged(all));
        } catch (RuntimeException e) {
            LOG.error("An observer of the cluster runs failed; the next change publishes them again", e);
        }
    }

    /**
     * The run as an orchestrator: {@code pending} until its orchestrator container runs (held up or
     * not: the reason tells), {@code paused} when its sidecar says so, {@code succeeded} is
     * {@code completed}; running while its orchestrator runs, paused or stopping.
     */
    private RemoteRun remote(ClusterRun run, Boolean isPaused) {
        String status;
        boolean running;
        switch (run.state()) {
            case "running":
                status = Boolean.TRUE.equals(isPaused) ? "paused" : "running";
                running = true;
                break;
            case "stopping":
                status = "stopping";
                running = true;
                break;
            case "succeeded":
                status = "completed";
                running = false;
                break;
            case "failed":
                status = "failed";
                running = false;
                break;
            default:
                status = "pending";
                running = false;
                break;
        }
        return new RemoteRun(run.id(), run.plan(), planPath(run.plan()), status, running, running ? isPaused : null,
                run.reason(), run.startedAt(), run.finishedAt());
    }

    /** The last state of a run whose Job has gone: as it ended, or {@code stopped} if it was removed while active. */
    private RemoteRun ended(ClusterRun run) {
        RemoteRun last = remote(run, null);
        if (!run.active()) {
            return last;
        }
        return new RemoteRun(last.id(), last.plan(), last.planPath(), "stopped", false, null, run.reason(), run.startedAt(),
                null);
    }

    private String planPath(String plan) {
        return plan != null && Names.isPlanName(plan) ? workspace.planPath(plan) : null;
    }

    private static String startOf(RemoteRun run) {
        return startOf(run.startedAt());
    }

    /** Kubernetes's timestamps are RFC 3339 in UTC to the second: as text they sort as instants. */
    private static String startOf(String startedAt) {
        return startedAt == null ? "" : startedAt;
    }
}
