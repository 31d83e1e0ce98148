package dev.planwatch.notify;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.health.Gauges;
import dev.planwatch.live.PlanChanged;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.StatusRecords;
import dev.planwatch.workspace.Timestamps;
import dev.planwatch.workspace.Workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells people when a plan completes, fails or stalls, a task fails or an orchestrator crashes. It
 * observes the change detector's {@link PlanChanged} events and hands each to its own thread at
 * once, so the detector never waits: there the plan as the catalog now holds it is compared with
 * what was last told of it ({@link Transitions}), the events are written to the outbox, what was
 * told is written, and the channels are tried ({@link Deliveries}). A timer looks for stalls,
 * which no file change announces. The page is told through {@code /ws/notifications}
 * ({@link PageNotifications}) and shows a desktop notification itself.
 */
@ApplicationScoped
public class Notifier {

    private static final Logger LOG = Logger.getLogger(Notifier.class);
    private static final Duration LONGEST_STALL_CHECK = Duration.ofSeconds(30);

    private final PlanCatalog catalog;
    private final StatusRecords records;
    private final PageNotifications page;
    private final PlanwatchConfig.Notify config;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService executor;
    private final ExecutorService senders;
    private final Deliveries deliveries;
    private final NotifyStore store;
    private final Set<String> browserEvents;
    private final boolean browserEnabled;
    private final MeterRegistry meters;
    /** Touched on the notifier's thread only. */
    private final Map<String, NotifiedPlan> told = new HashMap<>();
    /** When the detector last reported a change of each plan (its heartbeat included). */
    private final Map<String, Instant> lastChangeSeen = new ConcurrentHashMap<>();
    /** Changes of each plan handed to the notifier's thread and not compared yet. */
    private final Map<String, AtomicInteger> queued = new ConcurrentHashMap<>();
    private boolean ready;

    public Notifier(PlanCatalog catalog, StatusRecords records, PageNotifications page, Workspace workspace, ObjectMapper mapper,
                    PlanwatchConfig config, MeterRegistry meters) {
        this.catalog = catalog;
        this.records = records;
        this.page = page;
        this.config = config.notifications();
        this.meters = meters;
        this.executor = Executors.newSingleThreadScheduledExecutor(daemon("planwatch-notify"));
        this.senders = Executors.newCachedThreadPool(daemon("planwatch-notify-send"));
        HttpClient client = HttpClient.newBuilder()
                .executor(senders)
                .connectTimeout(this.config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        List<Channel> channels = channels(this.config, client, senders, mapper);
        Path stateDir = channels.isEmpty() ? null
                : Workspace.stateDirectory(config.stateDir(), workspace.root(), System.getenv());
        this.store = new NotifyStore(stateDir, mapper);
        this.browserEnabled = this.config.browser().enabled();
        this.browserEvents = selection(this.config.browser().events());
        this.deliveries = new Deliveries(store, channels,
                new RetryPolicy(this.config.maxAttempts(), this.config.retryInitial(), this.config.retryMax()),
                this.config.history(), executor, mapper, new Deliveries.Listener() {
                    @Override
                    public void sent(String channel) {
                        meters.counter("planwatch.notifications.sent", "channel", channel).increment();
                    }

                    @Override
                    public void failed(String channel) {
                        meters.counter("planwatch.notifications.failed", "channel", channel).increment();
                    }

                    @Override
                    public void changed(Delivery delivery) {
                        page.publish(new PageNotifications.Message("notification:delivery", Timestamps.now(), delivery));
                    }
                }, clock);
        if (stateDir != null) {
            LOG.infof("Notifications to %s; outbox in %s", deliveries.channelNames(), stateDir);
        }
    }

    /** Runs after the change detector's first scan (its observer has the default priority). */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 500) StartupEvent event) {
        Gauges.replace(meters, "planwatch.notifications.pending", deliveries, Deliveries::pending,
                "Deliveries waiting for their next attempt");
        executor.execute(() -> guarded(this::initialise));
        Duration every = config.stallAfter().dividedBy(4);
        long periodMillis = Math.max(100, Math.min(every.toMillis(), LONGEST_STALL_CHECK.toMillis()));
        executor.scheduleWithFixedDelay(this::checkStalls, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        // Pending deliveries stay in the outbox and are resumed at the next start.
        executor.shutdownNow();
        senders.shutdownNow();
    }

    /**
     * Each change is compared in the order the detector saw it, with the plan as the change left it
     * (not as the catalog holds it by the time the notifier's thread gets to it), so a quick
     * in-progress-then-completed is still a transition.
     */
    void onPlanChanged(@Observes PlanChanged change) {
        lastChangeSeen.put(change.plan(), clock.instant());
        queued.computeIfAbsent(change.plan(), p -> new AtomicInteger()).incrementAndGet();
        executor.execute(() -> {
            try {
                guarded(() -> {
                    initialise();
                    evaluate(change.plan(), change.after());
                });
            } finally {
                queued.get(change.plan()).decrementAndGet();
            }
        });
    }

    /** The enabled channels (the page's included), with the events each is told. */
    public List<NotificationResponses.ChannelView> channelViews() {
        List<NotificationResponses.ChannelView> views = new ArrayList<>();
        deliveries.channels().values().forEach(c -> views.add(new NotificationResponses.ChannelView(c.name(), List.copyOf(c.events()))));
        if (browserEnabled) {
            views.add(new NotificationResponses.ChannelView("browser", List.copyOf(browserEvents)));
        }
        return views;
    }

    /** Whether any channel (the page's included) is enabled. */
    public boolean anyChannel() {
        return browserEnabled || !deliveries.channelNames().isEmpty();
    }

    public List<Delivery> recent() {
        return deliveries.recent();
    }

    public long pending() {
        return deliveries.pending();
    }

    /**
     * Sends a test event to every enabled channel; completes once the deliveries are in the outbox
     * (not when the receivers answered).
     */
    public CompletableFuture<NotificationResponses.TestSent> sendTest() {
        NotificationEvent event = Transitions.test(pageUrl(), clock.instant());
        return CompletableFuture.supplyAsync(() -> {
            List<String> ids = deliveries.enqueue(event);
            deliveries.attemptNow(ids);
            if (browserEnabled) {
                publishToPage(event);
            }
            return new NotificationResponses.TestSent(event, ids);
        }, executor);
    }


    /**
     * Once, before the first comparison: loads what was told; resumes the outbox; on the first start
     * here records every plan as it is, and otherwise compares every plan once, so what happened while
     * planwatch was down is told now. A plan with changes still queued is left to them: they carry
     * its states in order.
     */
    private void initialise() {
        if (ready) {
            return;
        }
        Optional<Map<String, NotifiedPlan>> stored = store.loadNotified();
        Map<String, PlanView> plans = catalog.snapshot().plans();
        stored.ifPresent(told::putAll);
        ready = true;
        // The outbox first: an event derived again below is then recognised and not queued twice.
        deliveries.resume();
        for (Map.Entry<String, PlanView> plan : plans.entrySet()) {
            if (!hasQueuedChanges(plan.getKey())) {
                if (stored.isEmpty()) {
                    told.put(plan.getKey(), Transitions.baseline(plan.getValue()));
                } else {
                    guarded(() -> evaluate(plan.getKey(), plan.getValue()));
                }
            }
        }
        told.keySet().removeIf(plan -> !plans.containsKey(plan) && !hasQueuedChanges(plan));
        store.saveNotified(told);
    }

    private boolean hasQueuedChanges(String plan) {
        AtomicInteger count = queued.get(plan);
        return count != null && count.get() > 0;
    }

    private void checkStalls() {
        if (!ready) {
            return;
        }
        Instant now = clock.instant();
        for (PlanView view : catalog.snapshot().plans().values()) {
            if (!hasQueuedChanges(view.name())
                    && Transitions.stallDue(view, context(view.name(), now)).map(due -> !due.isAfter(now)).orElse(false)) {
                guarded(() -> evaluate(view.name(), view));
            }
        }
    }

    /** Compares {@code view} (null: the plan is gone) with what was told of the plan, and tells the difference. */
    private void evaluate(String plan, PlanView view) {
        if (view == null) {
            if (told.remove(plan) != null) {
                store.saveNotified(told);
            }
            return;
        }
        NotifiedPlan before = told.get(plan);
        Transitions.Outcome outcome = Transitions.between(before, view, () -> records.of(view), context(plan, clock.instant()));
        List<String> added = new ArrayList<>();
        for (NotificationEvent event : outcome.events()) {
            added.addAll(deliveries.enqueue(event));
        }
        // The outbox holds the events now: the first attempts need not wait for the told state's write.
        // A crash before that write derives the same events again at the next start, and the outbox
        // recognises their ids.
        deliveries.attemptNow(added);
        if (!Objects.equals(before, outcome.next())) {
            told.put(plan, outcome.next());
            store.saveNotified(told);
        }
        if (browserEnabled) {
            outcome.events().stream().filter(e -> browserEvents.contains(e.type())).forEach(this::publishToPage);
        }
    }

    private void publishToPage(NotificationEvent event) {
        page.publish(new PageNotifications.Message("notification", event.timestamp(), event));
    }

    private Transitions.Context context(String plan, Instant now) {
        return new Transitions.Context(pageUrl(), now, config.stallAfter(), lastChangeSeen.get(plan));
    }

    private void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("Notification step failed; the next change of the plan retries it", e);
        }
    }

    private String pageUrl() {
        if (config.pageUrl().isPresent()) {
            String url = config.pageUrl().get();
            return url.endsWith("/") ? url : url + "/";
        }
        var settings = ConfigProvider.getConfig();
        String host = settings.getOptionalValue("quarkus.http.host", String.class).orElse("127.0.0.1");
        String portKey = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        int port = settings.getOptionalValue(portKey, Integer.class).orElse(3100);
        String shownHost = host.contains(":") ? "[" + host + "]" : "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        return "http://" + shownHost + ":" + port + "/";
    }

    private static List<Channel> channels(PlanwatchConfig.Notify config, HttpClient client, ExecutorService senders,
                                          ObjectMapper mapper) {
        List<Channel> channels = new ArrayList<>();
        config.webhook().url().ifPresent(url -> channels.add(new HttpChannel("webhook", uri(url), HttpChannel.Format.WEBHOOK,
                config.webhook().secret(), selection(config.webhook().events()), client, config.requestTimeout(), mapper)));
        config.slack().url().ifPresent(url -> channels.add(new HttpChannel("slack", uri(url), HttpChannel.Format.SLACK,
                Optional.empty(), selection(config.slack().events()), client, config.requestTimeout(), mapper)));
        config.discord().url().ifPresent(url -> channels.add(new HttpChannel("discord", uri(url), HttpChannel.Format.DISCORD,
                Optional.empty(), selection(config.discord().events()), client, config.requestTimeout(), mapper)));
        config.ntfy().url().ifPresent(url -> channels.add(new HttpChannel("ntfy", uri(url), HttpChannel.Format.NTFY,
                Optional.empty(), selection(config.ntfy().events()), client, config.requestTimeout(), mapper)));
        config.command().argv().filter(argv -> !argv.isEmpty()).ifPresent(argv -> channels.add(
                new CommandChannel(argv, config.command().timeout(), selection(config.command().events()), senders)));
        return channels;
    }

    /** A configured URL must be absolute http(s): a typo fails the start, not every delivery. */
    private static URI uri(String url) {
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("Notification URL must be absolute http(s): " + url);
        }
        return uri;
    }

    /** The configured event names; an unknown one fails the start, naming the known ones. */
    private static Set<String> selection(List<String> names) {
        Set<String> selected = new LinkedHashSet<>();
        for (String name : names) {
            EventType type = EventType.of(name).filter(t -> t != EventType.TEST).orElseThrow(() -> new IllegalArgumentException(
                    "Unknown notification event '" + name.trim() + "'; known: plan.completed, plan.failed, task.failed,"
                            + " orchestrator.crashed, plan.stalled"));
            selected.add(type.wire());
        }
        return java.util.Collections.unmodifiableSet(selected);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
