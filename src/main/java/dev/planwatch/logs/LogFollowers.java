package dev.planwatch.logs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.live.Heartbeat;
import dev.planwatch.live.LogAppended;
import dev.planwatch.workspace.FileStamp;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SSE followers of orchestrator logs. Each follower has its own byte offset: it is sent every
 * complete line after it, with {@code id:} the offset after the line, so {@code Last-Event-ID}
 * resumes exactly there. A shrunk or replaced file sends {@code {"type":"reset"}} and restarts at 0.
 * Followers are advanced by the detector's {@link LogAppended} events; nothing here polls.
 */
@ApplicationScoped
public class LogFollowers {

    private static final Logger LOG = Logger.getLogger(LogFollowers.class);

    /** One open stream. Its fields are guarded by the follower itself. */
    private static final class Follower {
        final String plan;
        final Path file;
        final SseEventSink sink;
        final Sse sse;
        final AtomicInteger pending = new AtomicInteger();
        long offset;
        Object fileKey;

        Follower(String plan, Path file, SseEventSink sink, Sse sse) {
            this.plan = plan;
            this.file = file;
            this.sink = sink;
            this.sse = sse;
        }
    }

    /** {@code {"type":"log","content":...}}: one line. */
    public record LogEvent(String type, String content) {
    }

    /** {@code {"type":"heartbeat","timestamp":...}} or {@code {"type":"reset"}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StreamEvent(String type, String timestamp) {
    }

    private final ObjectMapper mapper;
    private final int maxPending;
    private final Map<String, Set<Follower>> followers = new ConcurrentHashMap<>();

    public LogFollowers(ObjectMapper mapper, PlanwatchConfig config) {
        this.mapper = mapper;
        this.maxPending = config.live().maxPendingMessages();
    }

    /**
     * Starts a stream: from {@code lastEventId} when the client resumes (no replay), else the last
     * {@code lines} complete lines; then every new line.
     */
    public void follow(String plan, Path file, int lines, Optional<Long> lastEventId, SseEventSink sink, Sse sse) throws IOException {
        Follower follower = new Follower(plan, file, sink, sse);
        synchronized (follower) {
            follower.fileKey = FileStamp.of(file).map(FileStamp::fileKey).orElse(null);
            long size = LogReader.size(file);
            if (lastEventId.isPresent()) {
                long resumeAt = lastEventId.get();
                if (resumeAt > size) {
                    sendReset(follower);
                } else {
                    follower.offset = resumeAt;
                }
            } else {
                LogReader.Tail tail = LogReader.tail(file, lines, Optional.empty(), false);
                for (LogLine line : tail.lines()) {
                    sendLine(follower, line);
                }
                follower.offset = tail.endOffset();
            }
            followers.computeIfAbsent(plan, k -> ConcurrentHashMap.newKeySet()).add(follower);
            pump(follower);
        }
    }

    public int followerCount() {
        return followers.values().stream().mapToInt(Set::size).sum();
    }

    void onLogAppended(@Observes LogAppended appended) {
        for (Follower follower : followers.getOrDefault(appended.plan(), Set.of())) {
            synchronized (follower) {
                pump(follower);
            }
        }
    }

    void onHeartbeat(@Observes Heartbeat heartbeat) {
        String data = render(new StreamEvent("heartbeat", heartbeat.timestamp()));
        for (Set<Follower> set : followers.values()) {
            for (Follower follower : set) {
                synchronized (follower) {
                    send(follower, follower.sse.newEventBuilder().data(data).build());
                }
            }
        }
    }

    /** Runs before the HTTP layer waits for open requests, so open streams never hold the shutdown. */
    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        for (Set<Follower> set : followers.values()) {
            for (Follower follower : set) {
                follower.sink.close();
            }
        }
        followers.clear();
    }

    /** Sends every complete line past the follower's offset. Caller holds the follower's lock. */
    private void pump(Follower follower) {
        if (follower.sink.isClosed()) {
            drop(follower);
            return;
        }
        try {
            Optional<FileStamp> stamp = FileStamp.of(follower.file);
            if (stamp.isEmpty()) {
                return;
            }
            if (stamp.get().size() < follower.offset || !Objects.equals(stamp.get().fileKey(), follower.fileKey)) {
                follower.fileKey = stamp.get().fileKey();
                sendReset(follower);
            }
            while (true) {
                List<LogLine> lines = LogReader.readFrom(follower.file, follower.offset);
                if (lines.isEmpty()) {
                    return;
                }
                for (LogLine line : lines) {
                    sendLine(follower, line);
                    follower.offset = line.endOffset();
                }
            }
        } catch (IOException e) {
            LOG.debugf("Cannot read %s: %s", follower.file, e.getMessage());
        }
    }

    private void sendReset(Follower follower) {
        follower.offset = 0;
        send(follower, follower.sse.newEventBuilder().id("0").data(render(new StreamEvent("reset", null))).build());
    }

    private void sendLine(Follower follower, LogLine line) {
        if (line.content().isBlank()) {
            return;
        }
        send(follower, follower.sse.newEventBuilder()
                .id(Long.toString(line.endOffset()))
                .data(render(new LogEvent("log", line.content())))
                .build());
    }

    private void send(Follower follower, OutboundSseEvent event) {
        if (follower.sink.isClosed()) {
            drop(follower);
            return;
        }
        if (follower.pending.incrementAndGet() > maxPending) {
            drop(follower);
            follower.sink.close();
            return;
        }
        follower.sink.send(event).whenComplete((ok, failure) -> {
            follower.pending.decrementAndGet();
            if (failure != null) {
                drop(follower);
            }
        });
    }

    private void drop(Follower follower) {
        Set<Follower> set = followers.get(follower.plan);
        if (set != null) {
            set.remove(follower);
        }
    }

    private String render(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
