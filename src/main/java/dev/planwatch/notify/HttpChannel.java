package dev.planwatch.notify;

import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The channels that POST to a URL: the generic webhook (the event JSON, signed), Slack and Discord
 * (their incoming-webhook formats) and ntfy (the message as the body, the title and link as
 * headers). Sent with the JDK's asynchronous client on its own threads: nothing waits for the
 * receiver.
 */
final class HttpChannel implements Channel {

    static final String SIGNATURE_HEADER = "X-Planwatch-Signature";
    static final String EVENT_HEADER = "X-Planwatch-Event";
    static final String DELIVERY_HEADER = "X-Planwatch-Delivery";

    enum Format { WEBHOOK, SLACK, DISCORD, NTFY }

    private final String name;
    private final URI url;
    private final Format format;
    private final Optional<byte[]> secret;
    private final Set<String> events;
    private final HttpClient client;
    private final Duration timeout;
    private final ObjectMapper mapper;

    HttpChannel(String name, URI url, Format format, Optional<String> secret, Set<String> events, HttpClient client,
                Duration timeout, ObjectMapper mapper) {
        this.name = name;
        this.url = url;
        this.format = format;
        this.secret = secret.filter(s -> !s.isEmpty()).map(s -> s.getBytes(StandardCharsets.UTF_8));
        this.events = events;
        this.client = client;
        this.timeout = timeout;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> events() {
        return events;
    }

    @Override
    public CompletableFuture<SendResult> send(NotificationEvent event, byte[] json) {
        HttpRequest request;
        try {
            request = request(event, json);
        } catch (RuntimeException | GeneralSecurityException | java.io.IOException e) {
            return CompletableFuture.completedFuture(SendResult.refused("cannot build the request: " + e.getMessage()));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> SendResult.ofHttpStatus(response.statusCode()))
                .exceptionally(failure -> SendResult.retry(describe(failure)));
    }

    private HttpRequest request(NotificationEvent event, byte[] json) throws GeneralSecurityException, java.io.IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout).header("User-Agent", "planwatch");
        byte[] body;
        switch (format) {
            case WEBHOOK -> {
                body = json;
                builder.header("Content-Type", "application/json")
                        .header(EVENT_HEADER, event.type())
                        .header(DELIVERY_HEADER, event.id());
                if (secret.isPresent()) {
                    builder.header(SIGNATURE_HEADER, "sha256=" + sign(secret.get(), body));
                }
            }
            case SLACK -> {
                body = mapper.writeValueAsBytes(Map.of("text", readable(event)));
                builder.header("Content-Type", "application/json");
            }
            case DISCORD -> {
                body = mapper.writeValueAsBytes(Map.of("content", readable(event)));
                builder.header("Content-Type", "application/json");
            }
            case NTFY -> {
                body = event.message().getBytes(StandardCharsets.UTF_8);
                builder.header("Content-Type", "text/plain; charset=utf-8")
                        .header("Title", ascii("planwatch: " + event.type() + (event.plan() == null ? "" : " " + event.plan())))
                        .header("Tags", tag(event.type()))
                        .header("Priority", event.type().endsWith("failed") || event.type().endsWith("crashed") ? "high" : "default");
                if (event.link() != null) {
                    builder.header("Click", event.link());
                }
            }
            default -> throw new IllegalStateException("unknown format " + format);
        }
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** {@code <hex HMAC-SHA256 of body under key>}: what {@code X-Planwatch-Signature} carries after {@code sha256=}. */
    static String sign(byte[] key, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** The chat line: the sentence and the link to the plan's page. */
    private static String readable(NotificationEvent event) {
        return "planwatch: " + event.message() + (event.link() == null ? "" : " " + event.link());
    }

    /** HTTP header values are ASCII: anything else in a plan name becomes '?'. */
    private static String ascii(String text) {
        return text.chars().map(c -> c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** An ntfy tag, shown as an emoji by its clients. */
    private static String tag(String type) {
        return switch (type) {
            case "plan.completed" -> "white_check_mark";
            case "plan.stalled" -> "hourglass";
            case "notification.test" -> "bell";
            default -> "x";
        };
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
