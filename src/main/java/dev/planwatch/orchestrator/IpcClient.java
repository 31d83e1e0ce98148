package dev.planwatch.orchestrator;

import dev.planwatch.registry.IpcFrames;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The orchestrator's IPC client: one request per connection on its Unix socket, framed by
 * {@link IpcFrames}, with a deadline on every step and a bound on requests waiting per peer.
 */
public final class IpcClient {

    /**
     * Requests to one orchestrator that may wait at once: a peer that never answers holds at most
     * this many threads (each for at most its timeout); further requests fail at once.
     */
    static final int MAX_IN_FLIGHT_PER_PEER = 2;

    private final ObjectMapper mapper;
    private final Map<Path, Semaphore> inFlight = new ConcurrentHashMap<>();

    public IpcClient(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Sends {@code command} and returns the reply's {@code payload}; throws when unreachable or slow.
     * The commands are idempotent, so a connection closed without a reply is tried once more.
     */
    public JsonNode request(Path socket, String command, JsonNode payload, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore permits = inFlight.computeIfAbsent(socket, k -> new Semaphore(MAX_IN_FLIGHT_PER_PEER));
        if (!permits.tryAcquire()) {
            throw new IOException("earlier requests to this orchestrator are still waiting for an answer");
        }
        try {
            return attempt(socket, command, payload, deadline);
        } catch (ClosedWithoutReply e) {
            return attempt(socket, command, payload, deadline);
        } finally {
            permits.release();
        }
    }

    /** The orchestrator closed the connection before answering. */
    static final class ClosedWithoutReply extends IOException {
        ClosedWithoutReply() {
            super("IPC connection closed before the reply");
        }
    }

    private JsonNode attempt(Path socket, String command, JsonNode payload, long deadline) throws IOException {
        byte[] body = mapper.writeValueAsBytes(IpcFrames.message(mapper, "request", command, payload));
        try (SocketChannel channel = connect(socket, deadline)) {
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                writeFully(channel, IpcFrames.frame(body), deadline);
                ByteBuffer header = readFully(channel, selector, ByteBuffer.allocate(IpcFrames.HEADER_BYTES), deadline);
                int length = IpcFrames.bodyLength(header);
                ByteBuffer reply = readFully(channel, selector, ByteBuffer.allocate(length), deadline);
                JsonNode response = mapper.readTree(new String(reply.array(), StandardCharsets.UTF_8));
                return response.path("payload");
            }
        }
    }

    /**
     * Connects without blocking, retrying while the socket is missing, refusing or has a full accept
     * backlog (a peer that never accepts), until the deadline: the real orchestrator registers before
     * it binds its socket, so a command right after a start may arrive in between.
     */
    private static SocketChannel connect(Path socket, long deadline) throws IOException {
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.configureBlocking(false);
                if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                    awaitConnected(channel, deadline);
                }
                return channel;
            } catch (IOException e) {
                channel.close();
                if (System.nanoTime() + 50_000_000L > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Writes without blocking: a peer that does not read must not hold the thread past the deadline. */
    private static void writeFully(SocketChannel channel, ByteBuffer out, long deadline) throws IOException {
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                if (System.nanoTime() >= deadline) {
                    throw new IOException("IPC request timed out");
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("IPC request interrupted");
                }
            }
        }
    }

    private static void awaitConnected(SocketChannel channel, long deadline) throws IOException {
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_CONNECT);
            while (!channel.finishConnect()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new IOException("IPC connect timed out");
                }
                selector.select(left);
                selector.selectedKeys().clear();
            }
        }
    }

    private static ByteBuffer readFully(SocketChannel channel, Selector selector, ByteBuffer buffer, long deadline) throws IOException {
        while (buffer.hasRemaining()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new IOException("IPC reply timed out");
            }
            selector.select(left);
            selector.selectedKeys().clear();
            if (channel.read(buffer) < 0) {
                throw new ClosedWithoutReply();
            }
        }
        return buffer;
    }
}
