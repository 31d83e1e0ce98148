package dev.planwatch.notify;

import dev.planwatch.workspace.Timestamps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The outbox at work. A delivery is written to disk before its first attempt and after each, so a
 * restart or a receiver outage loses none: pending deliveries are resumed at start. A failed
 * attempt is retried by {@link RetryPolicy} unless the channel refused it for good. Every method
 * runs on the notifier's one thread ({@code executor}); channels answer on their own threads and
 * their answers are brought back to it, so neither the change detector nor a request ever waits.
 * Delivery is at least once: a crash after a receiver took an event and before its file said so
 * sends it again, with the same {@code X-Planwatch-Delivery}.
 */
final class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    /** Counts for the metrics, and each delivery's new state for the page. */
    interface Listener {
        void sent(String channel);

        void failed(String channel);

        void changed(Delivery delivery);
    }

    private final NotifyStore store;
    private final Map<String, Channel> channels;
    private final RetryPolicy policy;
    private final int history;
    private final ScheduledExecutorService executor;
    private final ObjectMapper mapper;
    private final Listener listener;
    private final Clock clock;
    /** Every delivery known, pending or finished, by id; finished ones beyond {@code history} are pruned. */
    private final Map<String, Delivery> known = new LinkedHashMap<>();
    private volatile List<Delivery> published = List.of();

    Deliveries(NotifyStore store, List<Channel> channels, RetryPolicy policy, int history, ScheduledExecutorService executor,
               ObjectMapper mapper, Listener listener, Clock clock) {
        this.store = store;
        this.channels = new LinkedHashMap<>();
        channels.forEach(c -> this.channels.put(c.name(), c));
        this.policy = policy;
        this.history = Math.max(1, history);
        this.executor = executor;
        this.mapper = mapper;
        this.listener = listener;
        this.clock = clock;
    }

    List<String> channelNames() {
        return List.copyOf(channels.keySet());
    }

    Map<String, Channel> channels() {
        return channels;
    }

    /** Loads the outbox and resumes every pending delivery (at its planned time, or now if that passed). */
    void resume() {
        List<Delivery> loaded = new ArrayList<>(store.loadDeliveries());
        loaded.sort(Comparator.comparing(Delivery::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        int pending = 0;
        for (Delivery delivery : loaded) {
            known.put(delivery.id(), delivery);
            if (delivery.pending()) {
                pending++;
                Instant next = Timestamps.parse(delivery.nextAttemptAt()).orElse(clock.instant());
                schedule(delivery.id(), Duration.between(clock.instant(), next));
            }
        }
        if (pending > 0) {
            LOG.infof("Notification outbox: resuming %d pending deliveries", pending);
        }
        publish();
    }

    /**
     * Writes a pending delivery of {@code event} for each channel that selects it (every channel for
     * a test event) and tries each at once. An event already in the outbox is not added again.
     *
     * @return the ids of the deliveries added
     */
    List<String> enqueue(NotificationEvent event) {
        List<String> added = new ArrayList<>();
        boolean test = EventType.TEST.wire().equals(event.type());
        for (Channel channel : channels.values()) {
            if (!test && !channel.events().contains(event.type())) {
                continue;
            }
            String id = event.id() + "." + channel.name();
            if (known.containsKey(id)) {
                continue;
            }
            String now = Timestamps.format(clock.instant());
            Delivery delivery = new Delivery(id, channel.name(), event, 0, Delivery.PENDING, null, now, null, now, null);
            store.save(delivery);
            known.put(id, delivery);
            added.add(id);
            listener.changed(delivery);
        }
        if (!added.isEmpty()) {
            publish();
        }
        return added;
    }

    /** Tries the deliveries just enqueued (after what was told is on disk too). */
    void attemptNow(List<String> ids) {
        ids.forEach(this::attempt);
    }

    /** Newest first, as the API lists them. */
    List<Delivery> recent() {
        return published;
    }

    long pending() {
        return published.stream().filter(Delivery::pending).count();
    }

    private void schedule(String id, Duration delay) {
        executor.schedule(() -> attempt(id), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void attempt(String id) {
        Delivery delivery = known.get(id);
        if (delivery == null || !delivery.pending()) {
            return;
        }
        Channel channel = channels.get(delivery.channel());
        if (channel == null) {
            finish(delivery, SendResult.refused("the " + delivery.channel() + " channel is no longer configured"));
            return;
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(delivery.event());
        } catch (JsonProcessingException e) {
            finish(delivery, SendResult.refused("cannot write the event: " + e.getMessage()));
            return;
        }
        channel.send(delivery.event(), json).whenComplete((result, failure) -> executor.execute(() ->
                finish(known.get(id), failure != null ? SendResult.retry(String.valueOf(failure)) : result)));
    }

    private void finish(Delivery delivery, SendResult result) {
        if (delivery == null || !delivery.pending()) {
            return;
        }
        Instant now = clock.instant();
        Delivery next;
        if (result.delivered()) {
            next = delivery.attempted(Delivery.SENT, null, Timestamps.format(now), null);
            listener.sent(delivery.channel());
        } else if (result.retryable() && !policy.exhausted(delivery.attempts() + 1)) {
            Duration wait = policy.delayAfter(delivery.attempts() + 1);
            next = delivery.attempted(Delivery.PENDING, result.error(), Timestamps.format(now), Timestamps.format(now.plus(wait)));
            schedule(delivery.id(), wait);
        } else {
            next = delivery.attempted(Delivery.FAILED, result.error(), Timestamps.format(now), null);
            listener.failed(delivery.channel());
            LOG.warnf("Notification %s to %s given up after %d attempts: %s", delivery.event().type(), delivery.channel(),
                    next.attempts(), result.error());
        }
        store.save(next);
        known.put(next.id(), next);
        prune();
        publish();
        listener.changed(next);
    }

    /** Keeps the newest {@code history} finished deliveries (pending ones are never pruned). */
    private void prune() {
        List<Delivery> finished = known.values().stream().filter(d -> !d.pending())
                .sorted(Comparator.comparing(Delivery::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        for (int i = 0; i < finished.size() - history; i++) {
            known.remove(finished.get(i).id());
            store.delete(finished.get(i).id());
        }
    }

    private void publish() {
        List<Delivery> all = new ArrayList<>(known.values());
        all.sort(Comparator.comparing(Delivery::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())).reversed()
                .thenComparing(Delivery::id));
        published = List.copyOf(all);
    }
}
