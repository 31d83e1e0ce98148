package dev.planwatch.plans.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.planwatch.workspace.StatusFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Full task records within a byte budget: what was let go is read again, identical to a fresh read. */
class StatusRecordsTest {

    @TempDir
    Path dir;

    private final StatusFileReader reader = new StatusFileReader(new ObjectMapper());

    private static String status(String plan, int tasks, String words) {
        StringBuilder json = new StringBuilder("{\"planName\": \"" + plan + "\", \"tasks\": [");
        for (int i = 1; i <= tasks; i++) {
            json.append(i == 1 ? "" : ",").append("{\"id\": \"1.").append(i).append("\", \"phase\": \"Phase 1: Work\", ")
                    .append("\"description\": \"").append(words).append(' ').append(i).append("\", \"status\": \"")
                    .append(i % 2 == 0 ? "completed" : "pending").append("\", \"startedAt\": \"2025-01-01T00:00:0").append(i % 10)
                    .append("Z\", \"completedAt\": \"2025-01-01T00:01:00Z\"}");
        }
        return json.append("]}").toString();
    }

    /** A view of {@code plan} as the catalog makes it: its digest from a parse through {@code records}. */
    private PlanView view(StatusRecords records, String plan, String content) throws Exception {
        Path file = dir.resolve(plan + ".json");
        Files.writeString(file, content);
        StatusDigest digest = records.digest(plan, file, content.getBytes(StandardCharsets.UTF_8));
        return new PlanView(plan, "docs/plans/" + plan + ".md", false, plan, null, true, file.toString(), null, digest,
                digest.status(), null, null, digest.lastUpdatedAt());
    }

    @Test
    void recordsLetGoAreReadAgainIdenticalToAFreshRead() throws Exception {
        String content = status("a", 50, "the first plan's task");
        long oneFile = (long) content.length() * StatusRecords.HEAP_BYTES_PER_FILE_BYTE;
        StatusRecords records = new StatusRecords(reader, oneFile + 10);
        PlanView a = view(records, "a", content);
        DerivedStatus whileKept = records.cached(a).orElseThrow();
        PlanView b = view(records, "b", status("b", 50, "the other plan's task"));

        assertTrue(records.cached(a).isEmpty(), "a's records were let go for b's");
        assertTrue(records.cached(b).isPresent());
        assertTrue(records.keptBytes() <= oneFile + 10);
        DerivedStatus reread = records.of(a);
        assertEquals(whileKept, reread);
        assertEquals(PlanDerivations.derive("a", reader.parse(content.getBytes(StandardCharsets.UTF_8))), reread);
        assertTrue(records.cached(a).isPresent(), "a read again is kept again");
    }

    @Test
    void aChangeToRecordsOnlyStillMakesAnotherDigest() throws Exception {
        StatusRecords records = new StatusRecords(reader, 1 << 20);
        StatusDigest before = view(records, "a", status("a", 5, "words")).digest();
        StatusDigest after = view(records, "a", status("a", 5, "other words")).digest();
        assertEquals(before.progress(), after.progress());
        assertNotEquals(before, after);
        assertEquals(before, view(records, "a", status("a", 5, "words")).digest());
    }

    @Test
    void theLastGoodRecordsOfAFileThatNoLongerParsesAreHeldOutsideTheBudget() throws Exception {
        StatusRecords records = new StatusRecords(reader, 1);
        PlanView a = view(records, "a", status("a", 5, "kept words"));
        Files.writeString(dir.resolve("a.json"), "{\"tasks\": [");
        records.holdLastGood(dir.resolve("a.json"));
        view(records, "b", status("b", 5, "other"));

        DerivedStatus served = records.of(a);
        assertEquals("kept words 1", served.tasks().get(0).description());
        records.forget(dir.resolve("a.json"));
        DerivedStatus fromDigest = records.of(a);
        assertEquals(a.digest().taskCount(), fromDigest.tasks().size());
        assertEquals("1.2", fromDigest.tasks().get(1).id());
        assertEquals("completed", fromDigest.tasks().get(1).status());
        assertFalse(fromDigest.tasks().stream().anyMatch(t -> t.description() != null));
    }

    @Test
    void aNewVersionKeepsThePreviousVersionsObjectsForWhatDidNotChange() throws Exception {
        StatusRecords records = new StatusRecords(reader, 1 << 20);
        PlanView first = view(records, "a", status("a", 6, "words"));
        DerivedStatus before = records.cached(first).orElseThrow();
        // Only a task's status changes (task 1.1 pending -> completed, 1.2 unchanged).
        PlanView second = view(records, "a", status("a", 6, "words").replaceFirst("\"status\": \"pending\"", "\"status\": \"completed\""));
        DerivedStatus after = records.cached(second).orElseThrow();

        assertEquals(PlanDerivations.derive("a", reader.parse(Files.readAllBytes(dir.resolve("a.json")))), after);
        assertEquals("completed", after.tasks().get(0).status());
        assertNotSame(before.tasks().get(0), after.tasks().get(0));
        for (int i = 1; i < after.tasks().size(); i++) {
            assertSame(before.tasks().get(i), after.tasks().get(i), "task " + i + " did not change");
        }
        assertSame(before.runs(), after.runs());
        PlanView third = view(records, "a", status("a", 6, "words").replaceFirst("\"status\": \"pending\"", "\"status\": \"completed\""));
        assertSame(after.tasks(), records.cached(third).orElseThrow().tasks(), "an unchanged version shares the whole list");
    }

    @Test
    void aNewVersionsDigestSharesThePreviousDigestsArraysForWhatDidNotChange() throws Exception {
        StatusRecords records = new StatusRecords(reader, 1 << 20);
        String content = status("a", 6, "words");
        StatusDigest first = view(records, "a", content).digest();
        // Only the time stamp changes: every array is the previous version's.
        String touched = content.replaceFirst("\\{", "{\"lastUpdatedAt\": \"2026-01-01T00:00:01Z\", ");
        StatusDigest second = view(records, "a", touched).digest();
        assertEquals(java.util.Set.of("taskIds", "taskStatuses", "eventMillis", "eventTasks", "eventActions"),
                second.arraysSharedWith(first));
        assertEquals("2026-01-01T00:00:01Z", second.lastUpdatedAt());
        // A task's status changes: the ids are still shared, the statuses are new and right.
        String completed = touched.replaceFirst("\"status\": \"pending\"", "\"status\": \"completed\"");
        StatusDigest third = view(records, "a", completed).digest();
        assertTrue(third.arraysSharedWith(second).contains("taskIds"));
        assertFalse(third.arraysSharedWith(second).contains("taskStatuses"));
        DerivedStatus fresh = PlanDerivations.derive("a", reader.parse(completed.getBytes(StandardCharsets.UTF_8)));
        assertEquals(StatusDigest.of(fresh, "a", "2026-01-01T00:00:01Z", null), third, "the same digest as one made afresh");
        assertEquals(dev.planwatch.workspace.TaskStatus.COMPLETED, third.taskStatus(0));
    }
}
