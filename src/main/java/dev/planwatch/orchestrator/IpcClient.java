package dev.planwatch.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.planwatch.workspace.Timestamps;

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

/**
 * The orchestrator's IPC protocol: one request per connection on its Unix socket, each message a
 * 4-byte big-endian length and UTF-8 JSON {@code {type, command, payload, timestamp}}.
 */
public final class IpcClient {

    /** The protocol's size limit. */
    static final int MAX_MESSAGE = 65536;

    private final ObjectMapper mapper;

    public IpcClient(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Sends {@code command} and returns the reply's {@code payload}; throws when unreachable or slow.
     * The commands are idempotent, so a connection closed without a reply is tried once more.
     */
    public JsonNode request(Path socket, String command, JsonNode payload, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            return attempt(socket, command, payload, deadline);
        } catch (ClosedWithoutReply e) {
            return attempt(socket, command, payload, deadline);
        }
    }

    /** The orchestrator closed the connection before answering. */
    static final class ClosedWithoutReply extends IOException {
        ClosedWithoutReply() {
            super("IPC connection closed before the reply");
        }
    }

    private JsonNode attempt(Path socket, String command, JsonNode payload, long deadline) throws IOException {
        ObjectNode request = mapper.createObjectNode();
        request.put("type", "request");
        request.put("command", command);
        request.set("payload", payload == null ? mapper.createObjectNode() : payload);
        request.put("timestamp", Timestamps.now());
        byte[] body = mapper.writeValueAsBytes(request);
        try (SocketChannel channel = connect(socket, deadline)) {
            channel.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                ByteBuffer out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                ByteBuffer header = readFully(channel, selector, ByteBuffer.allocate(4), deadline);
                int length = header.flip().getInt();
                if (length < 0 || length > MAX_MESSAGE) {
                    throw new IOException("IPC reply of " + length + " bytes refused");
                }
                ByteBuffer reply = readFully(channel, selector, ByteBuffer.allocate(length), deadline);
                JsonNode response = mapper.readTree(new String(reply.array(), StandardCharsets.UTF_8));
                return response.path("payload");
            }
        }
    }

    /**
     * Connects, retrying while the socket is missing or refusing: the real orchestrator registers
     * before it binds its socket, so a command right after a start may arrive in between.
     */
    private static SocketChannel connect(Path socket, long deadline) throws IOException {
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
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
