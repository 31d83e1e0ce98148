package dev.planwatch.logs;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.live.Heartbeat;
import dev.planwatch.live.LogAppended;
import dev.planwatch.workspace.FileStamp;
import dev.planwatch.workspace.Timestamps;
import dev.planwatch.workspace.Workspace;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SSE followers of orchestrator logs. Each follower has its own byte offset: it is sent every
 * complete line after it, with {@code id:} the offset after the line, so {@code Last-Event-ID}
 * resumes exactly there. A shrunk, replaced or rewritten file sends {@code {"type":"reset"}} and
 * restarts at 0.
 * Followers are advanced by the detector's {@link LogAppended} events; nothing here polls.
 * <p>
 * The file is the buffer: a follower has at most {@code planwatch.live.max-pending-messages} lines
 * on their way to its client. When that many wait, it stops reading and picks up again from its
 * offset once half of them are written, so a client that reads slowly (a busy browser, a burst of
 * thousands of lines, a resume from far back) gets every line late rather than a closed stream.
 * Only a client that takes nothing for {@link #STALLED_AFTER} is closed: it is gone.
 */
@ApplicationScoped
public class LogFollowers {

    private static final Logger LOG = Logger.getLogger(LogFollowers.class);

    /** A follower whose client has taken no line for this long while lines wait is closed. */
    static final Duration STALLED_AFTER = Duration.ofSeconds(60);

    /** How many leading bytes identify a file's content: a rewrite in place changes them. */
    private static final int HEAD_BYTES = 256;

    /** One open stream. Its fields are guarded by the follower itself. */
    private static final class Follower {
        final String plan;
        final Path file;
        final SseEventSink sink;
        final Sse sse;
        final AtomicInteger pending = new AtomicInteger();
        /** The next byte to read. */
        long offset;
        /** The offset is inside a cut line: its rest, up to the newline, is not sent. */
        boolean skippingCutLine;
        /** Which file the offset belongs to: its inode, its first bytes, and its time once read to the end. */
        Object fileKey;
        byte[] head = new byte[0];
        Long modifiedAtEnd;
        /** Reading stopped until the client takes half of the lines on their way: since when (nanos), else null. Read by write completions. */
        volatile Long waitingSince;

        Follower(String plan, Path file, SseEventSink sink, Sse sse) {
            this.plan = plan;
            this.file = file;
            this.sink = sink;
            this.sse = sse;
        }
    }

    /** {@code {"type":"log","content":...}}: one line; {@code truncated: true} only on a line cut at the cap. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LogEvent(String type, String content, Boolean truncated) {
    }

    /** {@code {"type":"heartbeat","timestamp":...}} or {@code {"type":"reset"}}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StreamEvent(String type, String timestamp) {
    }

    private final ObjectMapper mapper;
    private final Workspace workspace;
    private final int maxPending;
    /** Where a follower reads on once its client caught up: the write completions run on the event loop, which must not read files. */
    private final Executor resumer;
    private final Map<String, Set<Follower>> followers = new ConcurrentHashMap<>();

    public LogFollowers(ObjectMapper mapper, Workspace workspace, PlanwatchConfig config, ManagedExecutor resumer) {
        this.mapper = mapper;
        this.workspace = workspace;
        this.maxPending = config.live().maxPendingMessages();
        this.resumer = resumer;
    }

    /**
     * Starts a stream: from {@code lastEventId} when the client resumes (no replay), else the last
     * {@code lines} complete lines; then every new line.
     */
    public void follow(String plan, Path file, int lines, Optional<Long> lastEventId, SseEventSink sink, Sse sse) throws IOException {
        Follower follower = new Follower(plan, file, sink, sse);
        synchronized (follower) {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                // Not there yet: its lines come from the start once it appears. A first event opens the stream now.
                followers.computeIfAbsent(plan, k -> ConcurrentHashMap.newKeySet()).add(follower);
                send(follower, sse.newEventBuilder().data(render(new StreamEvent("heartbeat", Timestamps.now()))).build());
                return;
            }
            Path real = workspace.containedFile(file).orElseThrow(() -> new NoSuchFileException(file.toString()));
            follower.fileKey = FileStamp.of(real).map(FileStamp::fileKey).orElse(null);
            long size = LogReader.size(real);
            if (lastEventId.isPresent()) {
                long resumeAt = lastEventId.get();
                if (resumeAt > size) {
                    sendReset(follower);
                } else {
                    follower.offset = resumeAt;
                    follower.skippingCutLine = LogReader.isInsideLine(real, resumeAt);
                }
            } else {
                // The tail is sent whole (at most 2 MiB): the lines asked for, then the follow.
                LogReader.Tail tail = LogReader.tail(real, lines, Optional.empty(), false);
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

    /** Open streams of one plan's log. */
    public int followerCount(String plan) {
        return followers.getOrDefault(plan, Set.of()).size();
    }

    /** Streams of one plan's log that wait for their client to take the lines on their way. */
    public int waitingFollowerCount(String plan) {
        return (int) followers.getOrDefault(plan, Set.of()).stream().filter(f -> f.waitingSince != null).count();
    }

    void onLogAppended(@Observes LogAppended appended) {
        for (Follower follower : followers.getOrDefault(appended.plan(), Set.of())) {
            synchronized (follower) {
                if (follower.waitingSince == null) {
                    pump(follower); // a waiting follower reads on when its client caught up
                }
            }
        }
    }

    void onHeartbeat(@Observes Heartbeat heartbeat) {
        String data = render(new StreamEvent("heartbeat", heartbeat.timestamp()));
        long now = System.nanoTime();
        for (Set<Follower> set : followers.values()) {
            for (Follower follower : set) {
                synchronized (follower) {
                    if (follower.waitingSince == null) {
                        send(follower, follower.sse.newEventBuilder().data(data).build());
                    } else if (now - follower.waitingSince > STALLED_AFTER.toNanos()) {
                        LOG.infof("A follower of %s took no line for %s: its stream is closed", follower.plan, STALLED_AFTER);
                        end(follower);
                    }
                    // else lines are on their way: they tell the client the stream lives
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

    /**
     * Sends every complete line past the follower's offset. Every read re-checks that the file is
     * still inside the workspace: a log swapped for a link to a file elsewhere ends the stream after a
     * reset. Caller holds the follower's lock.
     */
    private void pump(Follower follower) {
        if (follower.sink.isClosed()) {
            drop(follower);
            return;
        }
        if (!Files.exists(follower.file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Optional<Path> real = workspace.containedFile(follower.file);
        if (real.isEmpty()) {
            LOG.warnf("%s now leads outside the workspace: its stream is ended", follower.file.getFileName());
            sendReset(follower);
            end(follower);
            return;
        }
        try {
            Optional<FileStamp> stamp = FileStamp.of(real.get());
            if (stamp.isEmpty()) {
                return;
            }
            if (follower.fileKey == null && follower.offset == 0) {
                follower.fileKey = stamp.get().fileKey(); // the log this stream waited for
            }
            if (isRewritten(follower, real.get(), stamp.get())) {
                follower.fileKey = stamp.get().fileKey();
                sendReset(follower);
            }
            while (true) {
                long before = follower.offset;
                LogReader.Batch batch = LogReader.readFrom(real.get(), follower.offset, follower.skippingCutLine);
                for (LogLine line : batch.lines()) {
                    if (clientBehind(follower)) {
                        // Go on from this line once the client caught up.
                        follower.skippingCutLine = LogReader.isInsideLine(real.get(), follower.offset);
                        remember(follower, real.get());
                        return;
                    }
                    sendLine(follower, line);
                    follower.offset = line.endOffset();
                }
                follower.offset = batch.offset();
                follower.skippingCutLine = batch.skippingCutLine();
                if (batch.lines().isEmpty() && batch.offset() == before) {
                    break;
                }
            }
            remember(follower, real.get());
        } catch (IOException e) {
            LOG.debugf("Cannot read %s: %s", follower.file, e.getMessage());
        }
    }

    /**
     * Whether the file is no longer the one the offset belongs to: another inode, shorter than what
     * was read, other first bytes (a copy over it, same inode), or modified without growing (a
     * rewrite of the same size; an append always grows the file).
     */
    private static boolean isRewritten(Follower follower, Path real, FileStamp stamp) throws IOException {
        if (!Objects.equals(stamp.fileKey(), follower.fileKey) || stamp.size() < follower.offset) {
            return true;
        }
        if (follower.modifiedAtEnd != null && stamp.size() == follower.offset && stamp.modifiedNanos() != follower.modifiedAtEnd) {
            return true;
        }
        return follower.head.length > 0 && !Arrays.equals(LogReader.head(real, follower.head.length), follower.head);
    }

    /** Records what identifies the content read so far; the time only when nothing was appended meanwhile. */
    private static void remember(Follower follower, Path real) throws IOException {
        int headLength = (int) Math.min(HEAD_BYTES, follower.offset);
        if (follower.head.length != headLength) {
            follower.head = LogReader.head(real, headLength);
        }
        Optional<FileStamp> after = FileStamp.of(real);
        follower.modifiedAtEnd = after.filter(s -> s.size() == follower.offset).map(FileStamp::modifiedNanos).orElse(null);
    }

    private void end(Follower follower) {
        drop(follower);
        follower.sink.close();
    }

    private void sendReset(Follower follower) {
        follower.offset = 0;
        follower.skippingCutLine = false;
        follower.head = new byte[0];
        follower.modifiedAtEnd = null;
        send(follower, follower.sse.newEventBuilder().id("0").data(render(new StreamEvent("reset", null))).build());
    }

    private void sendLine(Follower follower, LogLine line) {
        if (line.content().isBlank()) {
            return;
        }
        send(follower, follower.sse.newEventBuilder()
                .id(Long.toString(line.endOffset()))
                .data(render(new LogEvent("log", line.content(), line.cut() ? Boolean.TRUE : null)))
                .build());
    }

    /**
     * Whether the client has {@code maxPending} lines on their way: the follower then waits, and the
     * write completion that halves them reads on. Pending is read again after the follower is
     * marked as waiting, so a completion that ran in between is not missed.
     */
    private boolean clientBehind(Follower follower) {
        if (follower.pending.get() < maxPending) {
            return false;
        }
        follower.waitingSince = System.nanoTime();
        if (follower.pending.get() > maxPending / 2) {
            return true;
        }
        follower.waitingSince = null;
        return false;
    }

    /** Reads on for a follower whose client took half of what was on its way. */
    private void resume(Follower follower) {
        synchronized (follower) {
            if (follower.waitingSince != null && follower.pending.get() <= maxPending / 2) {
                follower.waitingSince = null;
                pump(follower);
            }
        }
    }

    private void send(Follower follower, OutboundSseEvent event) {
        if (follower.sink.isClosed()) {
            drop(follower);
            return;
        }
        follower.pending.incrementAndGet();
        follower.sink.send(event).whenComplete((ok, failure) -> {
            int left = follower.pending.decrementAndGet();
            if (failure != null) {
                drop(follower);
            } else if (left == maxPending / 2 && follower.waitingSince != null) {
                // While a follower waits nothing is sent to it, so pending falls through half once.
                resumer.execute(() -> resume(follower));
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
