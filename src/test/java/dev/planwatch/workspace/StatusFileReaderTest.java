package dev.planwatch.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The streaming reader takes from status.json what the tolerant rules say, whatever the value types. */
class StatusFileReaderTest {

    private final StatusFileReader reader = new StatusFileReader(new ObjectMapper());

    private StatusDocument parse(String json) throws Exception {
        return reader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheServedFieldsAndSkipsEverythingElse() throws Exception {
        StatusDocument document = parse("""
                {"planPath": "docs/plans/p.md", "planName": "P", "summary": {"total": 99, "nested": [1, {"a": []}]},
                 "createdAt": "2025-01-01T00:00:00Z", "lastUpdatedAt": "2025-01-02T00:00:00Z", "currentPhase": "Phase 1: A",
                 "extra": [[{"tasks": "not these"}]],
                 "tasks": [
                   {"id": "1.1", "phase": "Phase 1: A", "title": "from title", "status": "completed",
                    "startedAt": "2025-01-01T00:00:00Z", "completedAt": "2025-01-01T00:01:00Z", "duration": 60000,
                    "notes": "n", "lastError": "from lastError", "findingsPath": "f.md", "dependencies": ["0.1", 2, null, {"x": 1}, true],
                    "retryCount": "1", "unknown": {"deep": [1, 2, 3]}},
                   {"id": "1.2", "description": "wins", "title": "loses", "error": "wins", "lastError": "loses", "failedAt": "2025-01-03T00:00:00Z"}
                 ],
                 "runs": [{"id": "r1", "startedAt": "2025-01-01T00:00:00Z", "tasksCompleted": 1.9}, "not a run", {"runId": "r2", "id": "no"}]}
                """);
        assertEquals("docs/plans/p.md", document.planPath());
        assertEquals("P", document.planName());
        assertEquals("2025-01-01T00:00:00Z", document.createdAt());
        assertEquals("2025-01-02T00:00:00Z", document.lastUpdatedAt());
        assertEquals("Phase 1: A", document.currentPhase());
        assertEquals(2, document.tasks().size());
        StatusDocument.Task first = document.tasks().get(0);
        assertEquals(new StatusDocument.Task("1.1", "Phase 1: A", "from title", "completed", "2025-01-01T00:00:00Z",
                "2025-01-01T00:01:00Z", null, 60000L, "n", "from lastError", "f.md", List.of("0.1", "2", "true"), 1), first);
        StatusDocument.Task second = document.tasks().get(1);
        assertEquals("wins", second.description());
        assertEquals("wins", second.error());
        assertEquals("2025-01-03T00:00:00Z", second.failedAt());
        assertEquals(List.of(), second.dependencies());
        assertNull(second.retryCount());
        assertEquals(List.of(new StatusDocument.Run("r1", "2025-01-01T00:00:00Z", null, 1, null),
                new StatusDocument.Run("r2", null, null, null, null)), document.runs());
    }

    @Test
    void numbersAndBooleansWhereTextIsExpectedAreTheirTextAndContainersAreAbsent() throws Exception {
        StatusDocument document = parse("""
                {"planName": 42, "createdAt": {"a": 1}, "lastUpdatedAt": [1], "currentPhase": true,
                 "tasks": [{"id": 7, "phase": 2, "description": 1.5, "status": false, "duration": "12", "retryCount": 5000000000}]}
                """);
        assertEquals("42", document.planName());
        assertNull(document.createdAt());
        assertNull(document.lastUpdatedAt());
        assertEquals("true", document.currentPhase());
        StatusDocument.Task task = document.tasks().get(0);
        assertEquals("7", task.id());
        assertEquals("2", task.phase());
        assertEquals("1.5", task.description());
        assertEquals("false", task.status());
        assertEquals(12L, task.durationMs());
        assertEquals(Integer.MAX_VALUE, task.retryCount());
    }

    @Test
    void aTaskThatIsNotAnObjectIsLeftOutButCountsForTheIdsOfTasksWithoutOne() throws Exception {
        StatusDocument document = parse("{\"tasks\": [\"x\", [1, 2], {\"status\": \"pending\"}, null, {\"id\": null}]}");
        assertEquals(List.of("#3", "#5"), document.tasks().stream().map(StatusDocument.Task::id).toList());
    }

    @Test
    void aKeyGivenTwiceKeepsItsLastValue() throws Exception {
        StatusDocument document = parse("{\"planName\": \"a\", \"planName\": \"b\", \"tasks\": [{\"id\": \"1\", \"status\": \"pending\", \"status\": \"completed\"}]}");
        assertEquals("b", document.planName());
        assertEquals("completed", document.tasks().get(0).status());
    }

    @Test
    void nullTasksAreNoTasksAndOtherShapesAreRefused() throws Exception {
        assertEquals(List.of(), parse("{\"tasks\": null, \"runs\": {\"a\": 1}}").tasks());
        assertEquals(List.of(), parse("{\"runs\": 3}").runs());
        assertEquals("status.json 'tasks' is not an array",
                assertThrows(IllegalArgumentException.class, () -> parse("{\"tasks\": {\"1\": {}}}")).getMessage());
        assertEquals("status.json is not a JSON object",
                assertThrows(IllegalArgumentException.class, () -> parse("[{\"tasks\": []}]")).getMessage());
        assertEquals("status.json is not a JSON object", assertThrows(IllegalArgumentException.class, () -> parse("")).getMessage());
        assertThrows(Exception.class, () -> parse("{\"tasks\": [{\"id\": \"1\""));
    }
}
