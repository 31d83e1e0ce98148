package dev.planwatch.logs;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.SseClient;
import dev.planwatch.testing.Workspaces;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logs that change under a reader the way a hostile or careless environment changes them. */
@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostileLogsTest {

    @TestHTTPResource("/")
    URI base;

    private static Path log(String plan) {
        return Workspaces.path("orchestrator-" + plan + ".log");
    }

    private static void append(String plan, String text) throws IOException {
        Files.writeString(log(plan), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private SseClient follow(String plan) throws Exception {
        return new SseClient(base.resolve("/api/plans/" + plan + "/logs?follow=true"), null);
    }

    private static boolean isReset(SseClient.Event event) {
        return "reset".equals(event.data().path("type").asText());
    }

    /** Lines received after the last reset. */
    private static List<String> afterReset(SseClient sse) {
        List<SseClient.Event> events = sse.events();
        int reset = 0;
        for (int i = 0; i < events.size(); i++) {
            if (isReset(events.get(i))) {
                reset = i + 1;
            }
        }
        return events.subList(reset, events.size()).stream()
                .filter(e -> "log".equals(e.data().path("type").asText()))
                .map(e -> e.data().get("content").asText()).toList();
    }

    @Test
    void aLogSwappedForALinkOutsideTheWorkspaceEndsTheStream() throws Exception {
        Path outside = Files.createTempDirectory("planwatch-outside").resolve("secret");
        Files.writeString(outside, "secret 1\nsecret 2\n");
        append("escape", "inside\n");
        try (SseClient sse = follow("escape")) {
            sse.awaitContents(1);
            Path link = log("escape").resolveSibling("escape.new");
            Files.createSymbolicLink(link, outside);
            Files.move(link, log("escape"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(5)).until(sse::ended);
            Files.writeString(outside, "secret 3\n", StandardOpenOption.APPEND);
            assertTrue(sse.events().stream().anyMatch(HostileLogsTest::isReset), "a reset before the end");
            assertEquals(List.of("inside"), sse.contents(), "nothing of the outside file is sent");
        }
        given().get("/api/plans/escape/logs").then().statusCode(404);
    }

    @Test
    void aLogCopiedOverInPlaceIsResentFromTheStart() throws Exception {
        append("copied", "old 1\nold 2\n");
        try (SseClient sse = follow("copied")) {
            sse.awaitContents(2);
            Object inode = Files.readAttributes(log("copied"), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            // What cp does: truncate the same file and write the new content, longer than the old.
            Files.writeString(log("copied"), "new 1\nnew 2\nnew 3\n", StandardOpenOption.TRUNCATE_EXISTING);
            assertEquals(inode, Files.readAttributes(log("copied"), java.nio.file.attribute.BasicFileAttributes.class).fileKey());
            await().atMost(Duration.ofSeconds(5)).until(() -> afterReset(sse).size() >= 3);
            assertEquals(List.of("new 1", "new 2", "new 3"), afterReset(sse));
        }
    }

    @Test
    void aRewriteOfTheSameSizeIsDelivered() throws Exception {
        append("samesize", "first\n");
        try (SseClient sse = follow("samesize")) {
            sse.awaitContents(1);
            Files.writeString(log("samesize"), "other\n", StandardOpenOption.TRUNCATE_EXISTING);
            await().atMost(Duration.ofSeconds(5)).until(() -> sse.events().stream().anyMatch(HostileLogsTest::isReset)
                    && afterReset(sse).contains("other"));
            assertEquals(List.of("other"), afterReset(sse));
        }
    }

    @Test
    void aLongLineArrivesOnceCutAtACharacterBoundary() throws Exception {
        append("longline", "before\n");
        try (SseClient sse = follow("longline")) {
            sse.awaitContents(1);
            append("longline", "a" + "é".repeat(1_048_576) + "\nafter\n");
            sse.awaitContents(3);
            List<SseClient.Event> lines = sse.logEvents();
            assertEquals(3, lines.size(), "the long line is one event");
            String cut = lines.get(1).data().get("content").asText();
            assertTrue(lines.get(1).data().path("truncated").asBoolean(), "marked as cut");
            assertTrue(cut.startsWith("aéé") && cut.endsWith(LogReader.CUT_MARK), cut.substring(0, 10));
            assertFalse(cut.contains("\uFFFD"), "no character split");
            assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= LogReader.MAX_LINE_BYTES + LogReader.CUT_MARK.length());
            assertEquals("after", lines.get(2).data().get("content").asText());
            assertFalse(lines.get(2).data().has("truncated"));
        }
    }

    @Test
    void aLongLineWithoutItsNewlineIsSentOnceAndItsRestSkipped() throws Exception {
        append("unterminated", "before\n");
        try (SseClient sse = follow("unterminated")) {
            sse.awaitContents(1);
            append("unterminated", "x".repeat(5 * 1024 * 1024));
            sse.awaitContents(2);
            append("unterminated", "y".repeat(1024 * 1024) + "\nafter\n");
            sse.awaitContents(3);
            List<String> contents = sse.contents();
            assertEquals(3, contents.size(), "one cut line, never pieces");
            assertTrue(contents.get(1).endsWith(LogReader.CUT_MARK));
            assertEquals("after", contents.get(2));
        }
    }

    @Test
    void aHugeLastLineCostsWhatItsCapCosts() throws IOException {
        try (OutputStream out = Files.newOutputStream(log("hugeline"))) {
            out.write("first line\n".getBytes(StandardCharsets.UTF_8));
            byte[] block = "ü".repeat(512 * 1024).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 40; i++) {
                out.write(block);
            }
            out.write('\n');
        }
        JsonPath reply = given().get("/api/plans/hugeline/logs?lines=2").then().statusCode(200).extract().jsonPath();
        List<String> logs = reply.getList("logs");
        assertEquals(2, logs.size());
        assertTrue(logs.get(0).equals("first line"), "the line before comes first");
        assertTrue(logs.get(1).endsWith(LogReader.CUT_MARK));
        assertTrue(logs.get(1).length() <= LogReader.MAX_LINE_BYTES, "the 40 MB line is returned cut: " + logs.get(1).length());
        assertFalse(logs.get(1).contains("\uFFFD"));
        try (SseClient sse = follow("hugeline")) {
            sse.awaitContents(1);
            assertTrue(sse.contents().get(sse.contents().size() - 1).endsWith(LogReader.CUT_MARK));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
