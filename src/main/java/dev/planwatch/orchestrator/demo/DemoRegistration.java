package dev.planwatch.orchestrator.demo;

import dev.planwatch.registry.RegistryFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * The demo orchestrator's entry in the registry, with the real entry's shape, written under the
 * registry lock: registered at start, its heartbeat renewed every ten seconds, removed at the end.
 */
final class DemoRegistration {

    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final long HEARTBEAT_SECONDS = 10;

    private final RegistryFile registry;
    private final String id;
    private Thread heartbeat;

    DemoRegistration(RegistryFile registry, String id) {
        this.registry = registry;
        this.id = id;
    }

    /** Adds the entry (with the worktree it runs in, null in the main checkout) and starts the heartbeat. */
    void register(String planPath, String worktreePath, Path socket) throws IOException {
        String now = utcMicros();
        registry.update(instances -> {
            ObjectNode entry = instances.addObject();
            entry.put("id", id);
            entry.put("pid", ProcessHandle.current().pid());
            entry.put("plan_path", planPath);
            if (worktreePath == null) {
                entry.putNull("worktree_path");
            } else {
                entry.put("worktree_path", worktreePath);
            }
            entry.put("started_at", now);
            entry.put("last_heartbeat", now);
            entry.put("status", "running");
            entry.put("socket_path", socket.toString());
            entry.putNull("port");
            return true;
        });
        heartbeat = new Thread(this::beat, "demo-heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    /** Stops the heartbeat and removes the entry. */
    void unregister() throws IOException {
        if (heartbeat != null) {
            heartbeat.interrupt();
        }
        registry.update(instances -> remove(instances, id));
    }

    private void beat() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                TimeUnit.SECONDS.sleep(HEARTBEAT_SECONDS);
                String now = utcMicros();
                registry.update(instances -> {
                    for (JsonNode entry : instances) {
                        if (id.equals(entry.path("id").asText()) && entry instanceof ObjectNode object) {
                            object.put("last_heartbeat", now);
                            return true;
                        }
                    }
                    return false;
                });
            }
        } catch (InterruptedException | IOException e) {
            // stopping
        }
    }

    private static boolean remove(ArrayNode instances, String id) {
        for (Iterator<JsonNode> it = instances.elements(); it.hasNext(); ) {
            if (id.equals(it.next().path("id").asText())) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** Python's isoformat() + "Z", as the real registry writes it. */
    private static String utcMicros() {
        return LocalDateTime.now(ZoneOffset.UTC).format(MICROS) + "Z";
    }
}
