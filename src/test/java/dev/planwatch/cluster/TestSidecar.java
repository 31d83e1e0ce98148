package dev.planwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run's sidecar as the hub's relay sees it: the three paths it uses, served in planwatch's wire
 * format from a directory the test writes into (the pod's checkout):
 * {@code /ws/plans/{plan}} (a status message on open and on {@link #pushStatus}),
 * {@code GET /api/plans/{plan}/status-file} (the raw file, its ETag, 304, 404 STATUS_NOT_FOUND) and
 * {@code GET /api/plans/{plan}/logs} as SSE (ids the byte offset after each line, blank lines not
 * sent, {@code Last-Event-ID} resumes, a reset when the file shrank).
 */
final class TestSidecar implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final int port;
    private final String plan;
    private final Path dir;
    private volatile HttpServer server;
    private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<HttpConnection> streams = ConcurrentHashMap.newKeySet();
    /** The Last-Event-ID of every log stream opened, in order ("" when absent). */
    final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    final AtomicInteger statusGets = new AtomicInteger();
    final AtomicInteger socketsOpened = new AtomicInteger();
    private final Set<HttpServerResponse> logResponses = ConcurrentHashMap.newKeySet();
    /** Whether it has gone silent, as a pod cut off from the network: connections stay open, nothing comes. */
    private volatile boolean mute;

    TestSidecar(int port, String plan) throws IOException {
        this.port = port;
        this.plan = plan;
        this.dir = Files.createTempDirectory("sidecar-checkout");
    }

    Path statusFile() {
        return dir.resolve("status.json");
    }

    Path logFile() {
        return dir.resolve("orchestrator-" + plan + ".log");
    }

    void writeStatus(String json) throws IOException {
        Path tmp = dir.resolve("status.json.tmp");
        Files.writeString(tmp, json);
        Files.move(tmp, statusFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void appendLog(String text) throws IOException {
        Files.writeString(logFile(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Heartbeats on every socket and stream, as planwatch sends them ({@code planwatch.live.heartbeat}). */
    void heartbeatEvery(long millis) {
        vertx.setPeriodic(millis, id -> {
            if (mute) {
                return;
            }
            String heartbeat = "{\"type\":\"heartbeat\",\"timestamp\":\"2026-12-05T07:00:00.000Z\"}";
            sockets.forEach(ws -> ws.writeTextMessage(heartbeat));
            logResponses.forEach(response -> response.write("data:" + heartbeat + "\n\n"));
        });
    }

    void mute(boolean silent) {
        mute = silent;
    }

    TestSidecar start() throws Exception {
        HttpServer created = vertx.createHttpServer().webSocketHandler(this::socket).requestHandler(this::request);
        server = created.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return this;
    }

    /** The sidecar goes (its pod ended): the server and every connection close. */
    void stop() throws Exception {
        HttpServer running = server;
        server = null;
        if (running != null) {
            running.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        sockets.clear();
        streams.clear();
    }

    /** Cuts the open log streams, as a network would: the sidecar stays. */
    void cutLogStreams() {
        streams.forEach(HttpConnection::close);
        streams.clear();
    }

    /** What the sidecar's plan socket sends when the plan's status changed. */
    void pushStatus() {
        sockets.forEach(ws -> ws.writeTextMessage(statusMessage()));
    }

    int openSockets() {
        return sockets.size();
    }

    private String statusMessage() {
        return "{\"type\":\"status\",\"plan\":\"" + plan + "\",\"status\":\"in_progress\",\"progress\":{\"total\":2,\"completed\":1,"
                + "\"pending\":1,\"in_progress\":0,\"failed\":0,\"percentage\":50},\"currentTask\":null,"
                + "\"lastUpdatedAt\":\"2026-12-05T07:00:00Z\",\"timestamp\":\"2026-12-05T07:00:00.000Z\"}";
    }

    private void socket(ServerWebSocket ws) {
        if (!ws.path().equals("/ws/plans/" + plan)) {
            ws.reject(404);
            return;
        }
        socketsOpened.incrementAndGet();
        sockets.add(ws);
        ws.closeHandler(v -> sockets.remove(ws));
        ws.writeTextMessage(statusMessage());
    }

    private void request(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/api/plans/" + plan + "/status-file")) {
            statusFile(request);
        } else if (path.equals("/api/plans/" + plan + "/logs") && "text/event-stream".equals(request.getHeader("Accept"))) {
            logs(request);
        } else {
            request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"success\":false,\"error\":\"Not found\",\"code\":\"NOT_FOUND\",\"details\":{}}");
        }
    }

    private void statusFile(HttpServerRequest request) {
        statusGets.incrementAndGet();
        HttpServerResponse response = request.response().putHeader("Content-Type", "application/json");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(statusFile());
        } catch (IOException e) {
            response.setStatusCode(404).end("{\"success\":false,\"error\":\"Plan " + plan + " has no status.json yet\","
                    + "\"code\":\"STATUS_NOT_FOUND\",\"details\":{\"plan\":\"" + plan + "\"}}");
            return;
        }
        String etag = etag(bytes);
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatusCode(304).putHeader("ETag", etag).end();
            return;
        }
        response.putHeader("ETag", etag).end(Buffer.buffer(bytes));
    }

    private void logs(HttpServerRequest request) {
        String last = request.getHeader("Last-Event-ID");
        lastEventIds.add(last == null ? "" : last);
        HttpServerResponse response = request.response().setChunked(true)
                .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        HttpConnection connection = request.connection();
        streams.add(connection);
        logResponses.add(response);
        long[] offset = {last == null ? 0 : Long.parseLong(last.strip())};
        response.write("data:{\"type\":\"heartbeat\",\"timestamp\":\"2026-12-05T07:00:00.000Z\"}\n\n");
        long timer = vertx.setPeriodic(30, id -> pump(response, offset));
        response.closeHandler(v -> {
            vertx.cancelTimer(timer);
            streams.remove(connection);
            logResponses.remove(response);
        });
    }

    /** Sends every complete line after {@code offset[0]}, as planwatch's log followers do. */
    private void pump(HttpServerResponse response, long[] offset) {
        if (mute || response.closed() || !Files.exists(logFile())) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(logFile().toFile(), "r")) {
            long size = file.length();
            if (size < offset[0]) {
                offset[0] = 0;
                response.write("id:0\ndata:{\"type\":\"reset\"}\n\n");
            }
            byte[] rest = new byte[(int) (size - offset[0])];
            file.seek(offset[0]);
            file.readFully(rest);
            int start = 0;
            for (int i = 0; i < rest.length; i++) {
                if (rest[i] == '\n') {
                    String line = new String(Arrays.copyOfRange(rest, start, i), StandardCharsets.UTF_8);
                    long end = offset[0] + i + 1;
                    if (!line.isBlank()) {
                        response.write("id:" + end + "\ndata:{\"type\":\"log\",\"content\":\"" + line.replace("\\", "\\\\")
                                .replace("\"", "\\\"") + "\"}\n\n");
                    }
                    start = i + 1;
                }
            }
            offset[0] += start;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
