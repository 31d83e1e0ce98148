package dev.planwatch.notify;

import dev.planwatch.testing.Receiver;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/** An outbox over {@code state} with the real webhook sender aimed at a test receiver, as planwatch builds it. */
final class WebhookOutbox {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private WebhookOutbox() {
    }

    static Deliveries over(Path state, Receiver receiver, Set<String> events, RetryPolicy policy, ScheduledExecutorService executor) {
        HttpChannel webhook = new HttpChannel("webhook", URI.create(receiver.url("/hook")), HttpChannel.Format.WEBHOOK,
                Optional.of("key"), events, HttpClient.newHttpClient(), Duration.ofSeconds(5), MAPPER);
        return new Deliveries(new NotifyStore(state, MAPPER), List.of(webhook), policy, 50, executor, MAPPER, new Deliveries.Listener() {
            @Override
            public void sent(String channel) {
            }

            @Override
            public void failed(String channel) {
            }

            @Override
            public void changed(Delivery delivery) {
            }
        }, Clock.systemUTC());
    }
}
