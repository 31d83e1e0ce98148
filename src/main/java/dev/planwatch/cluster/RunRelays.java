package dev.planwatch.cluster;

import dev.planwatch.config.PlanwatchConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps one {@link RunRelay} per run whose pod has an IP while the run is pending, running or
 * stopping, and ends it when the run ends or goes. A run that ended (succeeded or failed) has its
 * mirrored log completed once from the pods/log API, which keeps the same output as the log the
 * sidecar served: what the relay had not received yet when the sidecar went is appended, so a
 * finished run's log is whole. A run that ended while no hub was there is completed the same way
 * when it is its plan's newest.
 * <p>
 * Work is decided on one thread (told by the informers, which never wait for it) and done on the
 * relay's own threads.
 */
@ApplicationScoped
public class RunRelays {

    private static final Logger LOG = Logger.getLogger(RunRelays.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** A safety net: the runs are looked at this often even when no informer event came. */
    private static final Duration RECONCILE_EVERY = Duration.ofSeconds(5);

    private final ClusterRuns runs;
    private final ClusterLogs logs;
    private final SidecarClient sidecars;
    private final RunMirror mirror;
    private final ObjectMapper mapper;
    private final Duration silence;
    private final Map<String, RunRelay> relays = new ConcurrentHashMap<>();
    /** Runs whose log was completed (or is being) in this hub's life. */
    private final Set<String> completed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pendingReconciles = new AtomicInteger();
    private volatile ScheduledExecutorService scheduler;
    private volatile ExecutorService workers;
    private volatile HttpClient http;
    private volatile boolean warnedSelf;

    public RunRelays(ClusterRuns runs, ClusterLogs logs, SidecarClient sidecars, RunMirror mirror, ObjectMapper mapper,
                     PlanwatchConfig config) {
        this.runs = runs;
        this.logs = logs;
        this.sidecars = sidecars;
        this.mirror = mirror;
        this.mapper = mapper;
        // Three heartbeats missed: the connection is dead.
        this.silence = config.live().heartbeat().multipliedBy(3);
    }

    void onStart(@Observes StartupEvent event) {
        if (!runs.enabled()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(daemons("planwatch-relay-control"));
        workers = Executors.newCachedThreadPool(daemons("planwatch-relay"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER).executor(workers).build();
        scheduler.scheduleWithFixedDelay(this::reconcileSoon, 0, RECONCILE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** On the informer's thread: only schedules the reconcile. */
    void onRunsChanged(@Observes ClusterRunsChanged changed) {
        if (scheduler != null) {
            reconcileSoon();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        relays.values().forEach(relay -> relay.stop(Duration.ZERO));
        relays.clear();
        workers.shutdownNow();
    }

    /** Runs relayed now, by run id. */
    Set<String> relayed() {
        return Set.copyOf(relays.keySet());
    }

    private void reconcileSoon() {
        ScheduledExecutorService control = scheduler;
        if (control != null && pendingReconciles.getAndIncrement() == 0) {
            try {
                control.execute(this::reconcile);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    private void reconcile() {
        pendingReconciles.set(0);
        try {
            List<ClusterRun> all = runs.list();
            Map<String, ClusterRun> byId = new HashMap<>();
            all.forEach(run -> byId.put(run.id(), run));
            for (RunRelay relay : List.copyOf(relays.values())) {
                ClusterRun now = byId.get(relay.run().id());
                if (now == null || !relayable(now) || !Objects.equals(now.podIp(), relay.run().podIp())) {
                    relays.remove(relay.run().id());
                    boolean ended = now != null && ended(now);
                    if (ended) {
                        completed.add(now.id());
                    }
                    workers.execute(() -> {
                        relay.stop(STOP_WAIT);
                        if (ended) {
                            relay.lastStatus();
                            complete(now);
                        }
                    });
                }
            }
            for (ClusterRun run : all) {
                if (relayable(run) && !relays.containsKey(run.id()) && !self(run)) {
                    RunRelay relay = new RunRelay(run, sidecars.base(run), sidecars.token(), http, mirror, mapper, scheduler,
                            workers, silence);
                    relays.put(run.id(), relay);
                    relay.start();
                }
            }
            Map<String, ClusterRun> newest = new HashMap<>();
            all.forEach(run -> newest.merge(run.plan(), run,
                    (a, b) -> Comparator.comparing((ClusterRun r) -> String.valueOf(r.startedAt())).compare(a, b) >= 0 ? a : b));
            for (ClusterRun run : newest.values()) {
                if (ended(run) && run.pod() != null && !relays.containsKey(run.id()) && completed.add(run.id())) {
                    workers.execute(() -> complete(run));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Relaying the cluster runs failed; the next change or look retries", e);
        }
    }

    private static boolean relayable(ClusterRun run) {
        return run.active() && run.podIp() != null;
    }

    private static boolean ended(ClusterRun run) {
        return "succeeded".equals(run.state()) || "failed".equals(run.state());
    }

    /** Appends to the mirrored log what the pods/log API has of the run beyond it. */
    private void complete(ClusterRun run) {
        if (run.pod() == null) {
            return;
        }
        try {
            mirror.segmentOf(run.plan(), run.id());
            try (InputStream in = logs.stream(run)) {
                long appended = mirror.appendRest(run.plan(), run.id(), in);
                if (appended > 0) {
                    LOG.infof("Run %s ended: %d bytes of its log from the pods/log API completed the mirror", run.id(), appended);
                }
            }
        } catch (IOException e) {
            LOG.debugf("Run %s: its log could not be completed from the pods/log API: %s", run.id(), e.getMessage());
        }
    }

    /**
     * Whether the run's sidecar address is this planwatch itself (a test may make it so): relaying
     * from itself, the mirror would feed its own log stream.
     */
    private boolean self(ClusterRun run) {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        Integer own = ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(null);
        if (own == null || own != sidecars.port()) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(run.podIp());
            boolean local = address.isLoopbackAddress() || address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null;
            if (local && !warnedSelf) {
                warnedSelf = true;
                LOG.warnf("Run %s: its sidecar's address (%s:%d) is this planwatch's own; it is not relayed", run.id(), run.podIp(),
                        own);
            }
            return local;
        } catch (IOException e) {
            return false;
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
