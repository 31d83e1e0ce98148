package dev.planwatch.orchestrator.demo;

import dev.planwatch.registry.IpcFrames;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo orchestrator's IPC server on {@code /tmp/orchestrator-<id>.sock}, readable and
 * writable by its owner only, answering the real orchestrator's commands
 * {@code status, pause, resume, shutdown} one connection at a time.
 */
final class DemoIpcServer {

    private final ObjectMapper mapper;
    private final String id;
    private final String planPath;
    private final DemoRunState state;
    private final Path socket;
    private Thread thread;

    DemoIpcServer(ObjectMapper mapper, String id, String planPath, DemoRunState state) {
        this.mapper = mapper;
        this.id = id;
        this.planPath = planPath;
        this.state = state;
        this.socket = Path.of(System.getProperty("java.io.tmpdir"), "orchestrator-" + id + ".sock");
    }

    /** The socket's path, as registered. */
    Path socket() {
        return socket;
    }

    /** Binds the socket and answers on a daemon thread until {@link #close()}. */
    void start() throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        socket.toFile().setReadable(false, false);
        socket.toFile().setWritable(false, false);
        socket.toFile().setReadable(true, true);
        socket.toFile().setWritable(true, true);
        thread = new Thread(() -> {
            try (server) {
                while (!Thread.currentThread().isInterrupted()) {
                    try (SocketChannel client = server.accept()) {
                        answer(client);
                    } catch (IOException e) {
                        if (!server.isOpen()) {
                            return;
                        }
                    }
                }
            } catch (IOException ignored) {
                // closing
            }
        }, "demo-ipc");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops answering and removes the socket file. */
    void close() throws IOException {
        if (thread != null) {
            thread.interrupt();
        }
        Files.deleteIfExists(socket);
    }

    private void answer(SocketChannel client) throws IOException {
        ByteBuffer header = readFully(client, ByteBuffer.allocate(IpcFrames.HEADER_BYTES));
        int length;
        try {
            length = IpcFrames.bodyLength(header);
        } catch (IOException refused) {
            return;
        }
        ByteBuffer body = readFully(client, ByteBuffer.allocate(length));
        JsonNode request = mapper.readTree(new String(body.array(), StandardCharsets.UTF_8));
        String command = request.path("command").asText();
        ObjectNode response = IpcFrames.message(mapper, "response", command, payloadFor(command));
        ByteBuffer out = IpcFrames.frame(mapper.writeValueAsBytes(response));
        while (out.hasRemaining()) {
            client.write(out);
        }
        if (command.equals("shutdown")) {
            // Only after the reply is written: stopping interrupts this thread, which would close
            // the connection mid-reply.
            state.requestShutdown();
        }
    }

    private ObjectNode payloadFor(String command) {
        ObjectNode payload = mapper.createObjectNode();
        switch (command) {
            case "status" -> {
                payload.put("instance_id", id);
                payload.put("plan_path", planPath);
                payload.put("iteration", state.iteration());
                payload.put("paused", state.paused());
                payload.put("shutdown_requested", state.shutdownRequested());
            }
            case "pause" -> {
                state.paused(true);
                DemoOrchestrator.log("INFO", "Pause requested via IPC");
                payload.put("ack", true).put("message", "Paused");
            }
            case "resume" -> {
                state.paused(false);
                DemoOrchestrator.log("INFO", "Resume requested via IPC");
                payload.put("ack", true).put("message", "Resumed");
            }
            case "shutdown" -> {
                DemoOrchestrator.log("INFO", "Shutdown requested via IPC");
                payload.put("ack", true).put("message", "Shutdown initiated");
            }
            default -> payload.put("error", "Unknown command: " + command);
        }
        return payload;
    }

    private static ByteBuffer readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("closed");
            }
        }
        return buffer;
    }
}
