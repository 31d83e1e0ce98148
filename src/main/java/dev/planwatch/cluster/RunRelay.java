package dev.planwatch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Relays one running run's live files from its sidecar into the hub's mirror ({@link RunMirror}),
 * over the sidecar's own API, the one a browser uses:
 * <ul>
 * <li>status: the plan's socket {@code /ws/plans/{name}} says when the status changed (its opening
 * too); each time the raw file is fetched ({@code GET /api/plans/{name}/status-file}, with
 * {@code If-None-Match}) and written into the mirror when it differs;</li>
 * <li>log: the SSE follow of {@code /api/plans/{name}/logs}, resumed with {@code Last-Event-ID} at
 * the byte offset of the run's log the mirror has reached; each line is appended, preceded by as
 * many newlines as the stream skipped (blank lines are not sent), so the mirror's part stays as long
 * as the run's log and its size is the offset to resume at, across hub restarts too.</li>
 * </ul>
 * Both reconnect with a growing pause (up to {@link #MAX_BACKOFF}) until {@link #stop}. Nothing
 * here runs on an informer's or the event loop's thread.
 */
final class RunRelay {

    private static final Logger LOG = Logger.getLogger(RunRelay.class);
    static final Duration MIN_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final ClusterRun run;
    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;
    private final RunMirror mirror;
    private final ObjectMapper mapper;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    /** A stream silent this long (the sidecar sends a heartbeat every {@code planwatch.live.heartbeat}) is dead: it is reopened. */
    private final Duration silence;

    private volatile boolean stopped;
    private volatile ScheduledFuture<?> watchdog;
    private volatile long socketHeardAt = System.nanoTime();
    private volatile long logHeardAt = System.nanoTime();
    private volatile WebSocket socket;
    /** Counts the socket's connections, so the end of an old one schedules nothing. */
    private final AtomicInteger connection = new AtomicInteger();
    private final AtomicInteger statusRequests = new AtomicInteger();
    private volatile String etag;
    private int socketFailures;

    private volatile Future<?> logTask;
    private volatile InputStream logStream;
    /** The relay's own thread that reads the log stream. */
    private volatile Thread logThread;
    private final CountDownLatch logEnded = new CountDownLatch(1);
    /** The run's log offset reached in this hub's life; -1 until the stream sent one (then the mirror's size tells). */
    private volatile long sourceOffset = -1;

    RunRelay(ClusterRun run, URI base, Optional<String> token, HttpClient http, RunMirror mirror, ObjectMapper mapper,
             ScheduledExecutorService scheduler, ExecutorService workers, Duration silence) {
        this.run = run;
        this.base = base;
        this.token = token;
        this.http = http;
        this.mirror = mirror;
        this.mapper = mapper;
        this.scheduler = scheduler;
        this.workers = workers;
        this.silence = silence;
    }

    ClusterRun run() {
        return run;
    }

    void start() {
        LOG.infof("Relaying run %s of plan %s from its sidecar at %s", run.id(), run.plan(), base);
        connectSocket();
        logTask = workers.submit(this::followLog);
        long every = Math.max(1000, silence.toMillis() / 3);
        watchdog = scheduler.scheduleWithFixedDelay(this::reopenSilentStreams, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * A connection that died without a close (a pod gone from the network) stays silent: past
     * {@link #silence} without even a heartbeat, it is dropped and opened again.
     */
    private void reopenSilentStreams() {
        long now = System.nanoTime();
        WebSocket open = socket;
        if (open != null && now - socketHeardAt > silence.toNanos()) {
            LOG.debugf("Run %s: the sidecar's plan socket is silent; reopening it", run.id());
            socketHeardAt = now;
            open.abort();
            socketEnded(connection.get());
        }
        Thread reader = logThread;
        if (logStream != null && reader != null && now - logHeardAt > silence.toNanos()) {
            LOG.debugf("Run %s: the sidecar's log stream is silent; reopening it", run.id());
            logHeardAt = now;
            closeLogStream();
            // A read blocked on a connection that never ends is woken by its thread's interrupt only.
            reader.interrupt();
        }
    }

    /** Ends both streams; waits up to {@code wait} for the log's to have written its last line. */
    void stop(Duration wait) {
        stopped = true;
        ScheduledFuture<?> check = watchdog;
        if (check != null) {
            check.cancel(false);
        }
        WebSocket open = socket;
        if (open != null) {
            open.abort();
        }
        closeLogStream();
        Future<?> task = logTask;
        if (task != null) {
            task.cancel(true);
        }
        try {
            logEnded.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One last look at the status, once the run ended (its sidecar may still answer). */
    void lastStatus() {
        fetchStatus();
    }

    // ---- status ----

    private URI wsUri() {
        return URI.create("ws" + base.toString().substring("http".length()) + "/ws/plans/" + run.plan());
    }

    private void connectSocket() {
        if (stopped) {
            return;
        }
        int mine = connection.incrementAndGet();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(REQUEST_TIMEOUT);
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        builder.buildAsync(wsUri(), new StatusListener(mine)).whenComplete((opened, failure) -> {
            if (failure != null) {
                LOG.debugf("Run %s: the sidecar's plan socket did not open: %s", run.id(), failure.getMessage());
                socketEnded(mine);
            } else if (mine == connection.get()) {
                socket = opened;
                socketHeardAt = System.nanoTime();
                if (stopped) {
                    opened.abort();
                }
            } else {
                opened.abort(); // ended already, or replaced: another connection follows
            }
        });
    }

    private synchronized void socketEnded(int which) {
        if (stopped || which != connection.get()) {
            return;
        }
        connection.incrementAndGet(); // a late close of the same connection schedules nothing more
        socket = null;
        long delay = backoff(socketFailures++).toMillis();
        scheduler.schedule(this::connectSocket, delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void socketOpened() {
        socketFailures = 0;
    }

    private final class StatusListener implements WebSocket.Listener {
        private final int which;
        private final StringBuilder text = new StringBuilder();

        StatusListener(int which) {
            this.which = which;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socketOpened();
            webSocket.request(1);
            // What changed while no socket was open is read now.
            fetchStatus();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            socketHeardAt = System.nanoTime();
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    if ("status".equals(mapper.readTree(message).path("type").asText())) {
                        fetchStatus();
                    }
                } catch (IOException e) {
                    LOG.debugf("Run %s: a message of the sidecar's plan socket is not JSON", run.id());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            socketEnded(which);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            socketEnded(which);
        }
    }

    /** Fetches the status file on a worker; requests that come meanwhile make one more fetch, not one each. */
    private void fetchStatus() {
        if (statusRequests.getAndIncrement() == 0) {
            workers.execute(this::drainStatus);
        }
    }

    private void drainStatus() {
        int seen = statusRequests.get();
        while (true) {
            fetchStatusOnce();
            seen = statusRequests.addAndGet(-seen);
            if (seen == 0) {
                return;
            }
        }
    }

    private void fetchStatusOnce() {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/plans/" + run.plan() + "/status-file"))
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET();
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        String known = etag;
        if (known != null) {
            request.header("If-None-Match", known);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                if (mirror.writeStatus(run.plan(), response.body())) {
                    LOG.debugf("Run %s: status.json of plan %s mirrored (%d bytes)", run.id(), run.plan(), response.body().length);
                }
                etag = response.headers().firstValue("ETag").orElse(null);
            } else if (response.statusCode() != 304) {
                // STATUS_NOT_FOUND until the orchestrator writes its first status: the next push brings it.
                LOG.debugf("Run %s: the sidecar answered %d for the status file", run.id(), response.statusCode());
            }
        } catch (IOException e) {
            LOG.debugf("Run %s: the status file could not be relayed: %s", run.id(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- log ----

    private void followLog() {
        logThread = Thread.currentThread();
        try {
            int failures = 0;
            while (!stopped) {
                try {
                    if (followOnce()) {
                        failures = 0;
                    }
                } catch (IOException e) {
                    LOG.debugf("Run %s: the log stream ended: %s", run.id(), e.getMessage());
                } catch (InterruptedException e) {
                    // stopped, or a silent stream dropped: the loop decides
                }
                if (stopped) {
                    return;
                }
                Thread.interrupted(); // a dropped stream's interrupt is spent
                try {
                    Thread.sleep(backoff(failures++).toMillis());
                } catch (InterruptedException e) {
                    // stopped, or dropped while waiting: the loop decides
                }
            }
        } finally {
            logEnded.countDown();
        }
    }

    /** One connection of the log stream, read to its end; whether it opened. */
    private boolean followOnce() throws IOException, InterruptedException {
        RunMirror.Segment segment = mirror.segmentOf(run.plan(), run.id());
        long offset = sourceOffset >= 0 ? sourceOffset : mirror.logSize(run.plan()) - segment.base();
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/plans/" + run.plan() + "/logs"))
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(Math.max(0, offset)))
                .GET();
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                LOG.debugf("Run %s: the sidecar answered %d for the log stream", run.id(), response.statusCode());
                return false;
            }
            logStream = body;
            logHeardAt = System.nanoTime();
            if (stopped) {
                return true;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = reader.readLine()) != null; ) {
                logHeardAt = System.nanoTime();
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        event(id, data.toString());
                    }
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = field(line, 3);
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(field(line, 5));
                }
            }
            return true;
        } finally {
            logStream = null;
        }
    }

    private static String field(String line, int from) {
        String value = line.substring(from);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    private void event(String id, String data) throws IOException {
        if (stopped) {
            return;
        }
        JsonNode event = mapper.readTree(data);
        String type = event.path("type").asText();
        if ("reset".equals(type)) {
            // The run's log was rewritten: its part of the mirror starts again.
            mirror.restartPart(run.plan(), run.id());
            sourceOffset = 0;
            return;
        }
        if (!"log".equals(type) || id == null) {
            return;
        }
        long end;
        try {
            end = Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return;
        }
        byte[] content = event.path("content").asText("").getBytes(StandardCharsets.UTF_8);
        long have = mirror.logSize(run.plan()) - mirror.segmentOf(run.plan(), run.id()).base();
        // The lines the stream skipped (blank ones) become newlines, so the part keeps the run's length.
        long skipped = Math.max(0, end - have - content.length - 1);
        byte[] bytes = new byte[(int) Math.min(skipped, 1 << 20) + content.length + 1];
        Arrays.fill(bytes, 0, bytes.length - content.length - 1, (byte) '\n');
        System.arraycopy(content, 0, bytes, bytes.length - content.length - 1, content.length);
        bytes[bytes.length - 1] = '\n';
        if (mirror.append(run.plan(), run.id(), bytes)) {
            sourceOffset = end;
        }
    }

    private void closeLogStream() {
        InputStream open = logStream;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // ending it is all that matters
            }
        }
    }

    /** {@link #MIN_BACKOFF} doubled per failure in a row, at most {@link #MAX_BACKOFF}. */
    static Duration backoff(int failures) {
        long millis = MIN_BACKOFF.toMillis() << Math.min(failures, 10);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }
}
