package dev.planwatch.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The registry is written under the orchestrators' own lock (BSD flock), keeping every key of other writers. */
class RegistryFileTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void waitsForAnotherWritersFlock(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/flock")), "flock(1) not installed");
        Path registry = dir.resolve("orchestrator-registry.json");
        Files.writeString(registry, "{\"instances\": [{\"id\": \"a\", \"pid\": 5, \"status\": \"running\", \"extra\": {\"kept\": true}}],"
                + " \"lastCleanup\": \"2025-12-27T22:44:48.812914Z\", \"unknownTop\": 1}");
        Path lock = dir.resolve("orchestrator-registry.json.lock");
        Files.createFile(lock);
        // Another writer (flock(2), like Python's fcntl.flock) holds the lock for 700 ms.
        Process holder = new ProcessBuilder("/usr/bin/flock", "-x", lock.toString(), "sh", "-c", "echo held; sleep 0.7").start();
        assertEquals("held", new BufferedReader(new InputStreamReader(holder.getInputStream())).readLine());
        long begin = System.nanoTime();
        boolean changed = new RegistryFile(registry, mapper).setStatus(e -> "a".equals(e.path("id").asText()), "stopped");
        long waitedMillis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
        holder.waitFor();
        assertTrue(changed);
        assertTrue(waitedMillis >= 400, "waited for the other writer's lock: " + waitedMillis + " ms");
        JsonNode root = mapper.readTree(registry.toFile());
        assertEquals("stopped", root.at("/instances/0/status").asText());
        assertTrue(root.at("/instances/0/extra/kept").asBoolean(), "other writers' keys kept");
        assertEquals(1, root.get("unknownTop").asInt());
        assertEquals("2025-12-27T22:44:48.812914Z", root.get("lastCleanup").asText());
        assertFalse(Files.exists(dir.resolve("orchestrator-registry.json.tmp")), "tmp renamed away");
    }

    @Test
    void refusesToRewriteARegistryItCannotRead(@TempDir Path dir) throws Exception {
        Path registry = dir.resolve("orchestrator-registry.json");
        Files.writeString(registry, "{\"instances\": [ {\"id\": ");
        RegistryFile file = new RegistryFile(registry, mapper);
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> file.setStatus(e -> true, "stopped"));
        assertEquals("{\"instances\": [ {\"id\": ", Files.readString(registry), "a half-written file is never clobbered");
    }
}
