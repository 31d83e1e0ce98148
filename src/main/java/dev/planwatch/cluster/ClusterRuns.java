package dev.planwatch.cluster;

import dev.planwatch.config.PlanwatchConfig;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The plan runs in the cluster, from informers on the Jobs and pods that carry the plan label.
 * Informers, not raw watches: they list again after a {@code 410 Gone} and keep their caches. Every
 * labelled Job is a run whoever created it, so the runs a previous hub started are adopted when this
 * one starts; the hub owns none of them (no owner reference), so its own end deletes nothing.
 * Nothing is read from the API on the local launcher: the client is not even built.
 */
@ApplicationScoped
public class ClusterRuns {

    private static final Logger LOG = Logger.getLogger(ClusterRuns.class);
    private static final Duration INITIAL_SYNC = Duration.ofSeconds(10);

    private final KubernetesApi api;
    private final Event<ClusterRunsChanged> changed;
    private final PlanwatchConfig.Kubernetes settings;
    private final boolean enabled;
    private volatile String namespace;
    private volatile SharedIndexInformer<Job> jobs;
    private volatile SharedIndexInformer<Pod> pods;
    /** By run id (the Job's name); replaced whole on every change, so readers never see half an update. */
    private volatile Map<String, ClusterRun> runs = Map.of();
    /** The runs whose Job this hub deleted, until the run is gone. */
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    ClusterRuns(KubernetesApi api, Event<ClusterRunsChanged> changed, PlanwatchConfig config) {
        this.api = api;
        this.changed = changed;
        this.settings = config.kubernetes();
        this.enabled = config.orchestrator().launcher() == PlanwatchConfig.Launcher.kubernetes;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        Informers.start(this);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (jobs != null) {
            jobs.close();
        }
        if (pods != null) {
            pods.close();
        }
    }

    boolean enabled() {
        return enabled;
    }

    KubernetesClient client() {
        return api.client();
    }

    /** The configured namespace, else the client's (in a pod, the pod's own), else {@code default}. */
    String namespace() {
        if (namespace == null) {
            namespace = settings.namespace()
                    .or(() -> Optional.ofNullable(client().getNamespace()))
                    .orElse("default");
        }
        return namespace;
    }

    /** Every run, newest first. */
    public List<ClusterRun> list() {
        return runs.values().stream()
                .sorted(Comparator.comparing((ClusterRun run) -> String.valueOf(run.startedAt())).reversed()
                        .thenComparing(ClusterRun::id))
                .toList();
    }

    public Optional<ClusterRun> byId(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    /** The plan's run that is pending, running or stopping, if any. */
    public Optional<ClusterRun> activeOf(String plan) {
        return runs.values().stream().filter(run -> plan.equals(run.plan()) && run.active()).findFirst();
    }

    /**
     * The hub deletes the Job of run {@code id}: from now on the run is stopping until its pod has
     * ended, whatever the informers still show of the Job (its Failed condition, written as its
     * orchestrator was killed, included), so a start of its plan meanwhile is refused.
     */
    void deleting(String id) {
        deleted.add(id);
        refresh();
    }

    /** The deletion of run {@code id}'s Job failed: the run is what its Job and pod say again. */
    void notDeleting(String id) {
        deleted.remove(id);
        refresh();
    }

    /** Waits until the informer has seen the Job {@code id} (a start's own Job), up to {@code timeout}. */
    boolean awaitSeen(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!runs.containsKey(id)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }

    private static String runLabel(ObjectMeta metadata) {
        Map<String, String> labels = metadata.getLabels();
        return labels == null ? null : labels.get(PlanJobs.RUN_LABEL);
    }

    private synchronized void refresh() {
        if (jobs == null || pods == null) {
            return;
        }
        // The pod carries its Job's run label (from the Job's pod template), whoever made the pod.
        Map<String, Pod> podOfRun = new HashMap<>();
        for (Pod pod : pods.getStore().list()) {
            String run = runLabel(pod.getMetadata());
            if (run != null) {
                // A Job with backoffLimit 0 has one pod; should it have more, the newest tells its state.
                podOfRun.merge(run, pod, (a, b) -> String.valueOf(a.getMetadata().getCreationTimestamp())
                        .compareTo(String.valueOf(b.getMetadata().getCreationTimestamp())) >= 0 ? a : b);
            }
        }
        Map<String, ClusterRun> next = new HashMap<>();
        Set<String> runsWithJob = new HashSet<>();
        for (Job job : jobs.getStore().list()) {
            String run = runLabel(job.getMetadata());
            runsWithJob.add(run);
            ClusterRun state = RunStates.of(job, run == null ? null : podOfRun.get(run), deleted.contains(job.getMetadata().getName()));
            next.put(state.id(), RunStates.settled(runs.get(state.id()), state));
        }
        for (Map.Entry<String, Pod> pod : podOfRun.entrySet()) {
            if (!runsWithJob.contains(pod.getKey())) {
                ClusterRun orphan = RunStates.orphan(pod.getValue());
                if (orphan != null) {
                    next.putIfAbsent(orphan.id(), orphan);
                }
            }
        }
        // Forgotten once the run is: neither its Job nor a pod that may still run is left.
        deleted.removeIf(id -> !next.containsKey(id));
        if (!next.equals(runs)) {
            runs = Map.copyOf(next);
            // Fired under this lock, on the informer's thread: observers get the versions in the order
            // they were made, and each hands its work over at once.
            changed.fire(new ClusterRunsChanged(List.copyOf(runs.values())));
        }
        notifyAll();
    }

    /**
     * Starts the informers, on the cluster launcher only. A class of its own: the JVM's verifier
     * loads the classes that one type is passed as another in a class's code when it links that
     * class, and {@code ClusterRuns} is linked on the local launcher too, where no class of the
     * client may be loaded.
     */
    private static final class Informers {

        private Informers() {
        }

        static void start(ClusterRuns runs) {
            KubernetesClient client = runs.client();
            String namespace = runs.namespace();
            ResourceEventHandler<HasMetadata> handler = new ResourceEventHandler<>() {
                @Override
                public void onAdd(HasMetadata resource) {
                    runs.refresh();
                }

                @Override
                public void onUpdate(HasMetadata before, HasMetadata after) {
                    runs.refresh();
                }

                @Override
                public void onDelete(HasMetadata resource, boolean finalStateUnknown) {
                    runs.refresh();
                }
            };
            runs.jobs = client.batch().v1().jobs().inNamespace(namespace).withLabel(PlanJobs.PLAN_LABEL).runnableInformer(0);
            runs.jobs.addEventHandler(castHandler(handler));
            runs.pods = client.pods().inNamespace(namespace).withLabel(PlanJobs.PLAN_LABEL).runnableInformer(0);
            runs.pods.addEventHandler(castHandler(handler));
            // By default an informer whose first list fails stops for good: a hub that starts before its
            // API server answers (a cluster restart, a network policy not applied yet) would then never
            // follow its runs. Every failure is retried, with the client's backoff.
            runs.jobs.exceptionHandler((started, failure) -> retrying("Jobs", namespace, failure));
            runs.pods.exceptionHandler((started, failure) -> retrying("pods", namespace, failure));
            try {
                // Waits for the first lists, so the runs that exist are known (adopted) before the first request.
                CompletableFuture.allOf(runs.jobs.start().toCompletableFuture(), runs.pods.start().toCompletableFuture())
                        .get(INITIAL_SYNC.toMillis(), TimeUnit.MILLISECONDS);
                runs.refresh();
                LOG.infof("Following plan Jobs in namespace %s: %d run(s) found", namespace, runs.runs.size());
            } catch (Exception e) {
                // The informers keep trying (their exception handlers): the runs appear once the API answers.
                LOG.warnf("The Kubernetes API did not list the plan Jobs of namespace %s yet: %s", namespace, e.getMessage());
            }
        }

        private static boolean retrying(String kind, String namespace, Throwable failure) {
            LOG.debugf("Listing or watching the plan %s of namespace %s failed, retrying: %s", kind, namespace, failure.getMessage());
            return true;
        }

        @SuppressWarnings("unchecked")
        private static <T extends HasMetadata> ResourceEventHandler<T> castHandler(ResourceEventHandler<HasMetadata> handler) {
            return (ResourceEventHandler<T>) (ResourceEventHandler<?>) handler;
        }
    }
}
