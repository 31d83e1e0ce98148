package dev.planwatch.workspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GitWorkflowApiConfigSourceFactoryTest {

    @TempDir
    Path root;

    private Map<String, String> withFile(String json) throws IOException {
        Files.createDirectories(root.resolve(".claude"));
        Files.writeString(root.resolve(".claude/git-workflow.json"), json);
        return GitWorkflowApiConfigSourceFactory.apiProperties(root);
    }

    @Test
    void apiHostAndPortBecomeTheBind() throws IOException {
        assertEquals(Map.of("quarkus.http.host", "0.0.0.0", "quarkus.http.port", "4100"),
                withFile("{\"api\": {\"host\": \"0.0.0.0\", \"port\": 4100, \"cors\": true}}"));
    }

    @Test
    void absentInvalidOrOutOfRangeContributesNothing() throws IOException {
        assertEquals(Map.of(), GitWorkflowApiConfigSourceFactory.apiProperties(root));
        assertEquals(Map.of(), withFile("{\"branch_prefix\": \"plan/\"}"));
        assertEquals(Map.of(), withFile("{\"api\": {\"port\": 70000}}"));
        assertEquals(Map.of(), withFile("{\"api\": "));
        assertEquals(Map.of("quarkus.http.port", "3200"), withFile("{\"api\": {\"port\": 3200, \"host\": \"\"}}"));
    }
}
