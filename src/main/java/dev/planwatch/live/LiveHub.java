package dev.planwatch.live;

import dev.planwatch.changes.ConflictsChanged;
import dev.planwatch.changes.PlanChangesMoved;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.plans.catalog.CatalogSnapshot;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.StatusRecords;
import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.Timestamps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket subscriptions and their fan-out. Each change is rendered once and written to the
 * subscribers of that plan only; a client whose unsent messages exceed
 * {@code max-pending-messages} is closed (1013) so it never slows the others.
 */
@ApplicationScoped
@Startup // its meters are on /q/metrics from the start
public class LiveHub {

    private static final Logger LOG = Logger.getLogger(LiveHub.class);
    static final CloseReason INVALID_NAME = new CloseReason(1008, "invalid plan name");
    static final CloseReason INVALID_ORCHESTRATOR = new CloseReason(1008, "invalid orchestrator id");
    static final CloseReason UNKNOWN_ORCHESTRATOR = new CloseReason(1008, "unknown orchestrator");
    static final CloseReason TOO_SLOW = new CloseReason(1013, "client too slow");

    /** One open socket and what it has not yet flushed. */
    private record Client(WebSocketConnection connection, AtomicInteger pending) {
    }

    private final PlanCatalog catalog;
    private final StatusRecords records;
    private final ObjectMapper mapper;
    private final Timer pushLatency;
    private final int maxPending;
    private final long allPlansDelayMillis;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Set<Client>> planSubscribers = new ConcurrentHashMap<>();
    private final Set<Client> allSubscribers = ConcurrentHashMap.newKeySet();
    private final Set<Client> allPlansSubscribers = ConcurrentHashMap.newKeySet();
    private final Set<Client> eventSubscribers = ConcurrentHashMap.newKeySet();
    /** Sockets of {@code /ws/orchestrators/{id}}, by orchestrator id. */
    private final Map<String, Set<Client>> orchestratorSubscribers = new ConcurrentHashMap<>();
    private final AtomicBoolean allPlansScheduled = new AtomicBoolean();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong slowClientsClosed = new AtomicLong();
    /** Orders the initial message of a new subscriber against the change messages. */
    private final Object dispatch = new Object();

    public LiveHub(PlanCatalog catalog, StatusRecords records, ObjectMapper mapper, PlanwatchConfig config, MeterRegistry meters) {
        this.catalog = catalog;
        this.records = records;
        this.mapper = mapper;
        this.pushLatency = Timer.builder("planwatch.push.latency")
                .description("From a file change noticed to its messages handed to every subscribed socket")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.maxPending = config.live().maxPendingMessages();
        this.allPlansDelayMillis = Math.max(1, config.live().coalesceWindow().toMillis());
    }

    /** {@code /ws/plans/{name}}: the plan's status now, then one per change; an error while it does not exist. */
    public void openPlan(WebSocketConnection connection, String plan) {
        if (!Names.isPlanName(plan)) {
            connection.close(INVALID_NAME).subscribe().with(ok -> { }, failure -> { });
            return;
        }
        Client client = register(connection);
        synchronized (dispatch) {
            planSubscribers.computeIfAbsent(plan, k -> ConcurrentHashMap.newKeySet()).add(client);
            String timestamp = Timestamps.now();
            send(client, render(catalog.snapshot().plan(plan)
                    .<Object>map(view -> LiveMessages.Status.of(view, timestamp))
                    .orElseGet(() -> LiveMessages.Error.planNotFound(plan, timestamp))));
        }
    }

    /** {@code /ws/all}: every plan now, then a status per change; {@code legacy} re-sends all-plans instead. */
    public void openAll(WebSocketConnection connection, boolean legacy) {
        Client client = register(connection);
        synchronized (dispatch) {
            (legacy ? allPlansSubscribers : allSubscribers).add(client);
            send(client, render(LiveMessages.AllPlans.of(catalog.snapshot(), Timestamps.now())));
        }
    }

    /** {@code /ws/events}: the dashboard's event stream (no initial message). */
    public void openEvents(WebSocketConnection connection) {
        eventSubscribers.add(register(connection));
    }

    /**
     * {@code /ws/orchestrators/{id}}: the dashboard's events of one orchestrator. An id the registry
     * does not know gets an error message and the socket is closed.
     */
    public void openOrchestrator(WebSocketConnection connection, String id) {
        if (!Names.isOrchestratorId(id)) {
            connection.close(INVALID_ORCHESTRATOR).subscribe().with(ok -> { }, failure -> { });
            return;
        }
        boolean known = catalog.snapshot().registry().entries().stream().anyMatch(t -> id.equals(t.entry().id()));
        if (!known) {
            connection.sendText(render(LiveMessages.Error.orchestratorNotFound(id, Timestamps.now())))
                    .chain(() -> connection.close(UNKNOWN_ORCHESTRATOR))
                    .subscribe().with(ok -> { }, failure -> { });
            return;
        }
        Client client = register(connection);
        orchestratorSubscribers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(client);
    }

    public void close(WebSocketConnection connection) {
        Client client = clients.remove(connection.id());
        if (client == null) {
            return;
        }
        allSubscribers.remove(client);
        allPlansSubscribers.remove(client);
        eventSubscribers.remove(client);
        planSubscribers.values().forEach(set -> set.remove(client));
        planSubscribers.entrySet().removeIf(e -> e.getValue().isEmpty());
        orchestratorSubscribers.values().forEach(set -> set.remove(client));
        orchestratorSubscribers.entrySet().removeIf(e -> e.getValue().isEmpty());
    }

    /** Sockets subscribed to the dashboard events ({@code /ws/events}). */
    public int eventSubscribers() {
        return eventSubscribers.size();
    }

    public int openConnections() {
        return clients.size();
    }

    public long messagesSent() {
        return messagesSent.get();
    }

    public long slowClientsClosed() {
        return slowClientsClosed.get();
    }

    void onPlanChanged(@Observes PlanChanged change) {
        String timestamp = Timestamps.now();
        synchronized (dispatch) {
            String message = render(change.after() == null
                    ? LiveMessages.Error.planNotFound(change.plan(), timestamp)
                    : LiveMessages.Status.of(change.after(), timestamp));
            sendAll(planSubscribers.getOrDefault(change.plan(), Set.of()), message);
            if (!allSubscribers.isEmpty()) {
                sendAll(allSubscribers, change.after() == null
                        ? render(new LiveMessages.PlanRemoved("plan-removed", change.plan(), timestamp))
                        : message);
            }
            if (!eventSubscribers.isEmpty() || !orchestratorSubscribers.isEmpty()) {
                for (LiveMessages.DashboardEvent event : DashboardEvents.diff(change.before(), change.after(), timestamp, records::of)) {
                    String rendered = render(event);
                    sendAll(eventSubscribers, rendered);
                    if (event.orchestratorId() != null) {
                        sendAll(orchestratorSubscribers.getOrDefault(event.orchestratorId(), Set.of()), rendered);
                    }
                }
            }
        }
        pushLatency.record(System.nanoTime() - change.noticedAtNanos(), TimeUnit.NANOSECONDS);
        if (!allPlansSubscribers.isEmpty() && allPlansScheduled.compareAndSet(false, true)) {
            // One all-plans message for a burst of plan changes, carrying the latest state.
            CompletableFuture.delayedExecutor(allPlansDelayMillis, TimeUnit.MILLISECONDS).execute(this::sendAllPlans);
        }
    }

    /**
     * The first change pushed after a start would otherwise also pay for loading the push path's
     * classes and for Jackson building the serializers of its messages: about 25 ms on a 2-core
     * laptop, against 5-6 ms for every later push. So once the first scan is done (this observer runs
     * after the change detector's), a background thread renders one plan's messages as a change
     * would, and drops them. Nothing is sent and nothing is recorded.
     */
    void prepareFirstPush(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        CompletableFuture.runAsync(() -> catalog.snapshot().plans().values().stream().findFirst().ifPresent(this::renderOnce));
    }

    private void renderOnce(PlanView view) {
        try {
            String timestamp = Timestamps.now();
            render(LiveMessages.Status.of(view, timestamp));
            render(new LiveMessages.PlanRemoved("plan-removed", view.name(), timestamp));
            for (LiveMessages.DashboardEvent dashboardEvent : DashboardEvents.diff(null, view, timestamp, records::of)) {
                render(dashboardEvent);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Preparing the first push failed (the first push will do this work): %s", e);
        }
    }

    /** {@code plan:changes} on {@code /ws/events}: a plan branch's tip moved. */
    void onPlanChangesMoved(@Observes PlanChangesMoved moved) {
        sendEvent(new LiveMessages.DashboardEvent("plan:changes", moved.plan(), null, Timestamps.now(), moved.data()));
    }

    /** {@code worktrees:conflicts} on {@code /ws/events}: the conflict report changed. */
    void onConflictsChanged(@Observes ConflictsChanged changed) {
        sendEvent(new LiveMessages.DashboardEvent("worktrees:conflicts", null, null, Timestamps.now(), changed.data()));
    }

    private void sendEvent(LiveMessages.DashboardEvent event) {
        if (eventSubscribers.isEmpty()) {
            return;
        }
        String rendered = render(event);
        synchronized (dispatch) {
            sendAll(eventSubscribers, rendered);
        }
    }

    void onHeartbeat(@Observes Heartbeat heartbeat) {
        String message = render(new LiveMessages.Heartbeat("heartbeat", heartbeat.timestamp()));
        sendAll(clients.values(), message);
    }

    private void sendAllPlans() {
        allPlansScheduled.set(false);
        CatalogSnapshot snapshot = catalog.snapshot();
        synchronized (dispatch) {
            sendAll(allPlansSubscribers, render(LiveMessages.AllPlans.of(snapshot, Timestamps.now())));
        }
    }

    private Client register(WebSocketConnection connection) {
        Client client = new Client(connection, new AtomicInteger());
        clients.put(connection.id(), client);
        return client;
    }

    private void sendAll(Iterable<Client> targets, String message) {
        for (Client client : targets) {
            send(client, message);
        }
    }

    private void send(Client client, String message) {
        if (client.pending().incrementAndGet() > maxPending) {
            slowClientsClosed.incrementAndGet();
            close(client.connection());
            client.connection().close(TOO_SLOW).subscribe().with(ok -> { }, failure -> { });
            return;
        }
        client.connection().sendText(message).subscribe().with(
                ok -> {
                    client.pending().decrementAndGet();
                    messagesSent.incrementAndGet();
                },
                failure -> {
                    client.pending().decrementAndGet();
                    LOG.debugf("Dropping WebSocket client %s: %s", client.connection().id(), failure.getMessage());
                    close(client.connection());
                });
    }

    private String render(Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Message not serialisable", e);
        }
    }
}
