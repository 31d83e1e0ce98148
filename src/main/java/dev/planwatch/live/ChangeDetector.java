package dev.planwatch.live;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.plans.catalog.CatalogChange;
import dev.planwatch.plans.catalog.HeapBudget;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.registry.RemoteRuns;
import dev.planwatch.registry.RemoteRunsChanged;
import dev.planwatch.workspace.GitBranches;
import dev.planwatch.workspace.GitRefsChanged;
import dev.planwatch.workspace.Workspace;
import dev.planwatch.workspace.WorktreeReader;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The only component that watches files. A WatchService gives immediacy ({@link WatchRegistrations}
 * holds its watches); a poll of timestamps and sizes catches what it misses (network filesystems, a
 * lost event), at the pace {@link PollPacing} sets; {@link LogStamps} notices that a log grew.
 * Events of one burst are gathered for {@code coalesce-window}, the affected files are parsed once
 * by the catalog, and one CDI event per changed plan, registry or log is fired. All refreshes run
 * on one thread, and their events are fired in the same order on another one (the publisher), so
 * events leave in the order the changes were seen, and the reading of the next change never waits
 * for the sockets of the last one: a version that stands only while the previous one is being
 * pushed is read all the same. A publisher that has fallen behind by more than
 * {@link #MAX_PUBLISH_LAG_NANOS} publishes each plan's waiting changes as one.
 */
@ApplicationScoped
public class ChangeDetector {

    private static final Logger LOG = Logger.getLogger(ChangeDetector.class);

    /** What one batch of watch events asks for. Guarded by the detector's lock. */
    private static final class Batch {
        /** When the first change of the batch was noticed: push latency is measured from here. */
        final long noticedAtNanos = System.nanoTime();
        final Set<String> plans = new TreeSet<>();
        final Set<String> logs = new TreeSet<>();
        boolean registry;
        boolean rescan;
        /** git's administrative files changed: refs, HEADs, worktrees. */
        boolean git;
    }

    private final PlanCatalog catalog;
    private final HeapBudget heapBudget;
    private final Workspace workspace;
    private final WorktreeReader worktreeReader;
    private final Event<PlanChanged> planChanged;
    private final Event<LogAppended> logAppended;
    private final Event<GitRefsChanged> gitChanged;
    private final GitBranches gitBranches;
    private final PlanwatchConfig.Live config;
    /** The stamps of git's ref files at the last full poll: a poll that finds them changed announces it. */
    private volatile List<Object> refsStamp;

    /**
     * How many events may wait for their observers. Beyond it the detector waits for them, as it
     * did when it fired them itself: the queue never grows without bound.
     */
    static final int MAX_UNPUBLISHED = 1024;
    /**
     * When the oldest waiting change was noticed longer ago than this, the publisher is behind (the
     * machine is starved or a client floods it): it then publishes each plan's waiting changes as
     * one, from the first one's previous state to the last one's new state, so that it catches up
     * with the latest state rather than falling further behind with versions that are already old.
     * A second: the first pushes after a start, to sockets that have not been written yet, may lag
     * half a second on a busy machine, and merging then passed over versions that stood 200-400 ms.
     */
    static final long MAX_PUBLISH_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Reads of one unchanged plan after the first scan: past the JIT's thresholds for the path of a change. */
    static final int WARM_UP_READS = 300;

    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "planwatch-detector"));
    /** {@link PlanChanged} and {@link LogAppended} events in the order they were found; fired by the publisher thread. */
    private final BlockingQueue<Object> unpublished = new LinkedBlockingQueue<>(MAX_UNPUBLISHED);
    private final Thread publisher = daemon(this::publishLoop, "planwatch-publisher");
    private final PollPacing pacing;
    private final LogStamps logStamps;
    /** The next tick of the poll, rescheduled when a running orchestrator appears. Guarded by the lock. */
    private ScheduledFuture<?> nextTick;
    private final AtomicLong changesSeen = new AtomicLong();
    private final AtomicLong watchEvents = new AtomicLong();
    private final AtomicLong fullPolls = new AtomicLong();
    /** How long the first scan took; -1 until it is complete. */
    private volatile long firstScanMillis = -1;
    private final Object lock = new Object();
    private Batch pending;
    /** The watches; null without a watch service. */
    private volatile WatchRegistrations watches;
    private volatile DetectorMode mode = DetectorMode.POLL_ONLY;
    private volatile boolean started;

    public ChangeDetector(PlanCatalog catalog, HeapBudget heapBudget, Workspace workspace, WorktreeReader worktreeReader,
                          Event<PlanChanged> planChanged,
                          Event<LogAppended> logAppended, Event<GitRefsChanged> gitChanged, GitBranches gitBranches,
                          PlanwatchConfig config) {
        this.catalog = catalog;
        this.heapBudget = heapBudget;
        this.workspace = workspace;
        this.worktreeReader = worktreeReader;
        this.planChanged = planChanged;
        this.logAppended = logAppended;
        this.gitChanged = gitChanged;
        this.gitBranches = gitBranches;
        this.config = config.live();
        this.pacing = new PollPacing(this.config.pollInterval(), this.config.safetyPollInterval());
        this.logStamps = new LogStamps(workspace);
    }

    void onStart(@Observes StartupEvent event) {
        heapBudget.check();
        publisher.start();
        long scanStart = System.nanoTime();
        int plans = catalog.rescan().after().plans().size();
        firstScanMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - scanStart);
        LOG.infof("Scanned %d plans in %d ms", plans, firstScanMillis);
        logStamps.scan();
        refsStamp = gitBranches.refsStamp();
        if (config.watch()) {
            try {
                watches = WatchRegistrations.open(workspace, worktreeReader, gitBranches, config.pollInterval());
                registerWatches();
                mode = DetectorMode.WATCH_AND_POLL;
                Thread watcher = new Thread(this::watchLoop, "planwatch-watch");
                watcher.setDaemon(true);
                watcher.start();
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warnf("File watching unavailable (%s); polling every %s", e.getMessage(), config.pollInterval());
            }
        }
        started = true;
        pacing.start(mode == DetectorMode.WATCH_AND_POLL);
        LOG.infof("Change detector: %s, poll every %s (%s while watching), coalesce %s", mode, config.pollInterval(),
                config.safetyPollInterval(), config.coalesceWindow());
        refresher.execute(this::scheduleNextTick);
        refresher.execute(this::prepareFirstRefresh);
    }

    /**
     * Reads one plan again, unchanged, {@link #WARM_UP_READS} times, each as a change to it would be
     * read (its file parsed, its records and digest made, the catalog rebuilt), on the refresher
     * thread like every refresh and one read per task, so that a real change waits for one read at
     * most. The first scan reads every plan once; a change takes the path of one plan, which ran
     * interpreted until the JIT compiled it after a few hundred changes: the first burst of changes
     * was read five to ten times slower than the next ones, and versions of its first half second
     * were passed over. The plan is unchanged, so nothing is published.
     */
    private void prepareFirstRefresh() {
        warmUp(WARM_UP_READS);
    }

    private void warmUp(int readsLeft) {
        if (!started || readsLeft <= 0) {
            return;
        }
        var plans = catalog.snapshot().plans().values();
        plans.stream().filter(PlanView::hasStatus).findFirst().or(() -> plans.stream().findFirst()).ifPresent(view -> {
            catalog.invalidateStatus(view.name());
            publish(catalog.refreshPlans(Set.of(view.name())), System.nanoTime());
        });
        try {
            refresher.execute(() -> warmUp(readsLeft - 1));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /**
     * The remote runs (a plan's runs in a cluster) changed: the registry view is read again, as when
     * the registry file changes. Observed after {@link RemoteRuns} has kept the new runs.
     */
    void onRemoteRuns(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) RemoteRunsChanged changed) {
        try {
            enqueue(batch -> batch.registry = true);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        started = false;
        refresher.shutdownNow();
        publisher.interrupt();
        WatchRegistrations registrations = watches;
        if (registrations != null) {
            registrations.close();
        }
    }

    public DetectorMode mode() {
        return mode;
    }

    public long changesSeen() {
        return changesSeen.get();
    }

    /** How long the first scan of the workspace took, in milliseconds; -1 while it runs. */
    public long firstScanMillis() {
        return firstScanMillis;
    }

    /** Full polls (every file's stamp) since start: rare while the watch is healthy. */
    public long fullPolls() {
        return fullPolls.get();
    }

    public long watchEvents() {
        return watchEvents.get();
    }

    public int watchedDirectories() {
        WatchRegistrations registrations = watches;
        return registrations == null ? 0 : registrations.size();
    }

    private void fullPoll() {
        fullPolls.incrementAndGet();
        long noticedAt = System.nanoTime();
        registerWatches();
        publish(catalog.rescan(), noticedAt);
        for (String plan : logStamps.scan()) {
            handOver(new LogAppended(plan));
        }
        // Where the watch is missing (or missed something), a moved ref shows in the ref files' stamps.
        List<Object> refs = gitBranches.refsStamp();
        if (!refs.equals(refsStamp)) {
            refsStamp = refs;
            gitChanged.fire(new GitRefsChanged(noticedAt));
        }
    }

    /** One tick of the poll, on the refresher thread: what {@link PollPacing} says is due. */
    private void tick() {
        if (!started) {
            return;
        }
        long now = System.nanoTime();
        synchronized (lock) {
            nextTick = null;
        }
        try {
            switch (pacing.tick(this::needsLivenessChecks)) {
                case FULL_POLL -> fullPoll();
                case LIVENESS_CHECK -> publish(catalog.refreshRegistry(), now);
                case NOTHING -> {
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Poll failed; the next one retries", e);
        }
        scheduleNextTick();
    }

    private boolean needsLivenessChecks() {
        return catalog.snapshot().registry().needsLivenessChecks();
    }

    /** Schedules the next tick when {@link PollPacing} wants it sooner than the one scheduled. */
    private void scheduleNextTick() {
        if (!started) {
            return;
        }
        synchronized (lock) {
            OptionalLong delay = pacing.nextTickDelay(this::needsLivenessChecks);
            if (delay.isEmpty()) {
                return;
            }
            if (nextTick != null) {
                nextTick.cancel(false);
            }
            try {
                nextTick = refresher.schedule(this::tick, delay.getAsLong(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                nextTick = null; // shutting down
            }
        }
    }

    private void watchLoop() {
        WatchRegistrations registrations = watches;
        while (true) {
            WatchKey key;
            try {
                key = registrations.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir = registrations.directory(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                watchEvents.incrementAndGet();
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    // Events were lost: rescan now, and poll at full pace for one safety interval.
                    pacing.fullPaceForAWhile();
                    enqueue(batch -> batch.rescan = true);
                    refresher.execute(this::scheduleNextTick);
                    continue;
                }
                if (dir == null) {
                    // A key no longer recorded (its directory went): nothing is lost, but look again.
                    enqueue(batch -> batch.rescan = true);
                    continue;
                }
                Path child = dir.resolve((Path) event.context());
                route(dir, child, event.kind());
            }
            registrations.reset(key);
        }
    }

    /** Decides what a change of {@code child} in the watched {@code dir} affects. */
    private void route(Path dir, Path child, WatchEvent.Kind<?> kind) {
        if (kind == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
            refresher.execute(this::registerWatches);
        }
        Optional<Workspace.LayoutFile> recognised = workspace.recognise(dir, child);
        if (recognised.isEmpty()) {
            if (isGitRefs(dir)) {
                // A branch moved, came or went: nothing of the plans' files changed.
                enqueue(batch -> batch.git = true);
            } else if (isGitAdmin(dir)) {
                enqueue(batch -> {
                    batch.rescan = true;
                    batch.git = true;
                });
            }
            return;
        }
        Workspace.LayoutFile file = recognised.get();
        if (file instanceof Workspace.LayoutFile.PlanMarkdown markdown) {
            enqueue(batch -> batch.plans.add(markdown.plan()));
        } else if (file instanceof Workspace.LayoutFile.PlanOutputs outputs) {
            enqueue(batch -> batch.plans.add(outputs.plan()));
        } else if (file instanceof Workspace.LayoutFile.PlanStatus status) {
            enqueue(batch -> batch.plans.add(status.plan()));
        } else if (file instanceof Workspace.LayoutFile.Registry) {
            enqueue(batch -> batch.registry = true);
        } else if (file instanceof Workspace.LayoutFile.WorkspaceSettings) {
            enqueue(batch -> batch.rescan = true);
        } else if (file instanceof Workspace.LayoutFile.Log log) {
            enqueue(batch -> batch.logs.add(log.plan()));
        } else if (kind != StandardWatchEventKinds.ENTRY_MODIFY) {
            // another root entry appeared or went: perhaps a worktree
            enqueue(batch -> batch.rescan = true);
        }
    }

    private boolean isGitAdmin(Path dir) {
        return worktreeReader.commonDir().map(common -> dir.startsWith(common)).orElse(false);
    }

    private boolean isGitRefs(Path dir) {
        return worktreeReader.commonDir().map(common -> dir.startsWith(common.resolve("refs"))).orElse(false);
    }

    private void enqueue(Consumer<Batch> change) {
        boolean schedule;
        synchronized (lock) {
            schedule = pending == null;
            if (schedule) {
                pending = new Batch();
            }
            change.accept(pending);
        }
        if (schedule) {
            refresher.schedule(this::flush, config.coalesceWindow().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void flush() {
        Batch batch;
        synchronized (lock) {
            batch = pending;
            pending = null;
        }
        if (batch == null) {
            return;
        }
        try {
            if (batch.rescan) {
                registerWatches();
                publish(catalog.rescan(), batch.noticedAtNanos);
            } else {
                if (batch.registry) {
                    publish(catalog.refreshRegistry(), batch.noticedAtNanos);
                }
                if (!batch.plans.isEmpty()) {
                    publish(catalog.refreshPlans(batch.plans), batch.noticedAtNanos);
                }
            }
            for (String plan : batch.logs) {
                if (logStamps.changed(plan)) {
                    handOver(new LogAppended(plan));
                }
            }
            if (batch.git) {
                refsStamp = gitBranches.refsStamp();
                gitChanged.fire(new GitRefsChanged(batch.noticedAtNanos));
            }
        } catch (RuntimeException e) {
            LOG.error("Refresh failed; the next poll retries", e);
        }
    }

    private void publish(CatalogChange change, long noticedAtNanos) {
        if (change.isEmpty()) {
            return;
        }
        if (change.registryChanged()) {
            // An orchestrator that claims to run is followed every poll-interval from now on.
            scheduleNextTick();
        }
        changesSeen.incrementAndGet();
        for (String plan : change.changedPlans()) {
            handOver(new PlanChanged(plan,
                    change.before() == null ? null : change.before().plans().get(plan),
                    change.after().plans().get(plan), noticedAtNanos));
        }
    }

    /** Queues an event for the publisher; waits while {@link #MAX_UNPUBLISHED} are queued. */
    private void handOver(Object event) {
        try {
            unpublished.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down
        }
    }

    private void publishLoop() {
        List<Object> waiting = new ArrayList<>();
        while (true) {
            try {
                waiting.add(unpublished.take());
            } catch (InterruptedException e) {
                return;
            }
            unpublished.drainTo(waiting);
            boolean behind = waiting.stream().filter(PlanChanged.class::isInstance).findFirst()
                    .map(first -> System.nanoTime() - ((PlanChanged) first).noticedAtNanos() > MAX_PUBLISH_LAG_NANOS)
                    .orElse(false);
            for (Object event : behind ? merged(waiting) : waiting) {
                try {
                    if (event instanceof PlanChanged changed) {
                        planChanged.fire(changed);
                    } else {
                        logAppended.fire((LogAppended) event);
                    }
                } catch (RuntimeException e) {
                    LOG.error("An observer of a change failed; the next change is published all the same", e);
                }
            }
            waiting.clear();
        }
    }

    /**
     * Each plan's changes among {@code events} as one (from the first one's previous state to the
     * last one's new state, noticed when the first was), and each log once; in the order of each
     * plan's or log's first event. A plan that appeared and went again among them is left out.
     */
    static List<Object> merged(List<Object> events) {
        Map<Object, Object> byKey = new LinkedHashMap<>();
        for (Object event : events) {
            if (event instanceof PlanChanged changed) {
                byKey.merge(changed.plan(), changed, (earlier, later) -> {
                    PlanChanged first = (PlanChanged) earlier;
                    return new PlanChanged(first.plan(), first.before(), ((PlanChanged) later).after(), first.noticedAtNanos());
                });
            } else {
                byKey.putIfAbsent(event, event);
            }
        }
        List<Object> merged = new ArrayList<>(byKey.size());
        for (Object event : byKey.values()) {
            if (!(event instanceof PlanChanged changed && changed.before() == null && changed.after() == null)) {
                merged.add(event);
            }
        }
        return merged;
    }

    /** Registers every directory whose changes matter; those that do not exist yet are picked up by later polls. */
    private void registerWatches() {
        WatchRegistrations registrations = watches;
        if (registrations == null) {
            return;
        }
        boolean complete = registrations.update(catalog.snapshot().gitWorkflow(), dir -> {
            if (started) {
                // What was written in it before its watch existed sent no event: read it now.
                readAfterRegistering(dir);
            }
        });
        if (!complete) {
            // Changes in what is not watched are seen only by polling: poll at full pace.
            pacing.fullPaceForAWhile();
            refresher.execute(this::scheduleNextTick);
        }
    }

    /**
     * A directory that appeared after the start is read once its watch is registered: a plan's
     * output directory refreshes that plan, anything else the whole catalog. A refresh scheduled
     * before the registration may have read it before its files were complete.
     */
    private void readAfterRegistering(Path dir) {
        Path parent = dir.getParent();
        Optional<Workspace.LayoutFile> recognised = parent == null ? Optional.empty() : workspace.recognise(parent, dir);
        if (recognised.isPresent() && recognised.get() instanceof Workspace.LayoutFile.PlanOutputs outputs) {
            enqueue(batch -> batch.plans.add(outputs.plan()));
        } else if (isGitRefs(dir)) {
            enqueue(batch -> batch.git = true);
        } else {
            enqueue(batch -> batch.rescan = true);
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
