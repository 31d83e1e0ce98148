package dev.planwatch.logs;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.SseClient;
import dev.planwatch.testing.Workspaces;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class LogsTest {

    @Inject
    LogFollowers followers;

    @TestHTTPResource("/")
    URI base;

    private static void append(String plan, String text) throws IOException {
        Files.writeString(Workspaces.path("orchestrator-" + plan + ".log"), text, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private URI follow(String plan, String query) {
        return base.resolve("/api/plans/" + plan + "/logs?follow=true" + query);
    }

    @Test
    void tailReturnsTheLastLines() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 500; i++) {
            log.append("10:00:").append(i % 60).append(" [INFO] line ").append(i).append('\n');
        }
        log.append("\n   \npartial without newline");
        append("tail", log.toString());
        given().get("/api/plans/tail/logs?lines=3").then().statusCode(200)
                .body("plan", equalTo("tail"))
                .body("logFile", equalTo("orchestrator-tail.log"))
                .body("lineCount", equalTo(3))
                .body("logs", contains("10:00:19 [INFO] line 499", "10:00:20 [INFO] line 500", "partial without newline"));
        given().get("/api/plans/tail/logs").then().statusCode(200).body("lineCount", equalTo(100));
        given().get("/api/plans/tail/logs?lines=10000").then().statusCode(200).body("lineCount", equalTo(501));
    }

    @Test
    void tailOfALargeFileReadsOnlyItsEnd() throws IOException {
        java.nio.file.Path file = Workspaces.path("orchestrator-huge.log");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            // 2 GB, almost all of it a sparse hole: only the end is ever read.
            raf.setLength(2L * 1024 * 1024 * 1024);
            raf.seek(raf.length());
            raf.write("\nthe line before\nthe very last line\n".getBytes(StandardCharsets.UTF_8));
        }
        try {
            given().get("/api/plans/huge/logs?lines=2").then().statusCode(200)
                    .body("logs", contains("the line before", "the very last line"));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void sinceKeepsUndatedAndNewerLines() throws IOException {
        append("since", "2025-01-01T10:00:00Z old dated\nundated line\n2025-06-01 10:00:00 newer dated\n");
        given().get("/api/plans/since/logs?since=2025-03-01T00:00:00Z").then().statusCode(200)
                .body("logs", contains("undated line", "2025-06-01 10:00:00 newer dated"));
    }

    @Test
    void badParametersAre400AndMissingLogs404() throws IOException {
        append("params", "x\n");
        for (String lines : List.of("0", "-5", "abc", "10001", "1.5")) {
            given().get("/api/plans/params/logs?lines=" + lines).then().statusCode(400)
                    .body("code", equalTo("INVALID_REQUEST")).body("details.field", equalTo("lines"));
        }
        given().get("/api/plans/params/logs?since=yesterday").then().statusCode(400).body("details.field", equalTo("since"));
        given().get("/api/plans/params/logs?follow=maybe").then().statusCode(400).body("details.field", equalTo("follow"));
        given().get("/api/plans/no-such-log/logs").then().statusCode(404).body("code", equalTo("LOGS_NOT_FOUND"));
        given().get("/api/plans/no-such-log/logs?follow=true").then().statusCode(404).body("code", equalTo("LOGS_NOT_FOUND"));
    }

    @Test
    void followSendsTailThenNewLinesWithByteOffsets() throws Exception {
        append("follow", "one\ntwo\n");
        try (SseClient sse = new SseClient(follow("follow", "&lines=1"), null)) {
            assertEquals(200, sse.status());
            sse.awaitContents(1);
            assertEquals(List.of("two"), sse.contents());
            assertEquals("8", sse.logEvents().get(0).id());
            append("follow", "héllo ✓\n");
            sse.awaitContents(2);
            assertEquals("héllo ✓", sse.contents().get(1));
            assertEquals(Long.toString(8 + "héllo ✓\n".getBytes(StandardCharsets.UTF_8).length), sse.logEvents().get(1).id());
        }
    }

    @Test
    void aPlanWithoutALogYetIsFollowedUntilItsLogAppears() throws Exception {
        Path log = Workspaces.path("orchestrator-rounding.log");
        try (SseClient sse = new SseClient(follow("rounding", ""), null)) {
            assertEquals(200, sse.status(), "the plan exists: its stream waits for the log");
            append("rounding", "first\nsecond\n");
            sse.awaitContents(2);
            assertEquals(List.of("first", "second"), sse.contents(), "every line from the start, no reset");
            assertTrue(sse.events().stream().noneMatch(e -> "reset".equals(e.data().path("type").asText())));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void partialLineWaitsForItsNewline() throws Exception {
        append("partial", "start\n");
        try (SseClient sse = new SseClient(follow("partial", ""), null)) {
            sse.awaitContents(1);
            append("partial", "abc");
            append("partial", "def");
            append("partial", "\nnext\n");
            sse.awaitContents(3);
            assertEquals(List.of("start", "abcdef", "next"), sse.contents());
        }
    }

    @Test
    void lastEventIdResumesWithoutGapOrDuplicate() throws Exception {
        append("resume", "a\nb\n");
        String lastId;
        try (SseClient first = new SseClient(follow("resume", ""), null)) {
            first.awaitContents(2);
            lastId = first.logEvents().get(1).id();
        }
        append("resume", "c\nd\n");
        try (SseClient second = new SseClient(follow("resume", ""), lastId)) {
            second.awaitContents(2);
            append("resume", "e\n");
            second.awaitContents(3);
            assertEquals(List.of("c", "d", "e"), second.contents());
        }
    }

    @Test
    void truncationResetsTheStream() throws Exception {
        append("trunc", "old 1\nold 2\n");
        try (SseClient sse = new SseClient(follow("trunc", ""), null)) {
            sse.awaitContents(2);
            Files.writeString(Workspaces.path("orchestrator-trunc.log"), "new\n", StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING);
            sse.awaitEvent(e -> "reset".equals(e.data().path("type").asText()));
            sse.awaitContents(3);
            assertEquals("new", sse.contents().get(2));
            assertEquals("4", sse.logEvents().get(2).id());
        }
    }

    @Test
    void aBurstFarLargerThanTheWindowOfPendingLinesArrivesWhole() throws Exception {
        append("burst", "start\n");
        try (SseClient sse = new SseClient(follow("burst", ""), null)) {
            sse.awaitContents(1);
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= 20_000; i++) {
                burst.append("burst line ").append(i).append('\n');
            }
            append("burst", burst.toString());
            await().atMost(Duration.ofSeconds(20)).until(() -> sse.logEvents().size() >= 20_001 || sse.ended());
            assertFalse(sse.ended(), "the stream stays open");
            List<String> contents = sse.contents();
            assertEquals(20_001, contents.size());
            for (int i = 1; i <= 20_000; i++) {
                assertEquals("burst line " + i, contents.get(i), "every line once, in order");
            }
        }
    }

    @Test
    void aClientThatStopsReadingGetsEveryLineOnceItReadsAgain() throws Exception {
        append("slow", "start\n");
        int lines = 100_000;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(20_000);
            // HTTP/1.0: the stream comes unchunked, so the events can be read as they are
            socket.getOutputStream().write(("GET /api/plans/slow/logs?follow=true&lines=1 HTTP/1.0\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> followers.followerCount("slow") == 1);
            // Written while the client reads nothing: far more than the socket buffers and the window hold.
            for (int chunk = 0; chunk < lines / 1000; chunk++) {
                StringBuilder text = new StringBuilder();
                for (int i = chunk * 1000 + 1; i <= (chunk + 1) * 1000; i++) {
                    text.append("slow line ").append(i).append('\n');
                }
                append("slow", text.toString());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> followers.waitingFollowerCount("slow") == 1);
            assertEquals(1, followers.followerCount("slow"), "a client behind is waited for, not closed");

            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int expected = 1;
            String line;
            while (expected <= lines && (line = in.readLine()) != null) {
                if (line.startsWith("data:") && line.contains("slow line ")) {
                    assertEquals("data:{\"type\":\"log\",\"content\":\"slow line " + expected + "\"}", line.replace("data: ", "data:"));
                    expected++;
                }
            }
            assertEquals(lines + 1, expected, "every line arrived, once and in order");
        }
    }

    @Test
    void aClosedFollowerIsDroppedWhileTheOthersGoOn() throws Exception {
        append("two", "first\n");
        SseClient leaving = new SseClient(follow("two", ""), null);
        try (SseClient staying = new SseClient(follow("two", ""), null)) {
            leaving.awaitContents(1);
            staying.awaitContents(1);
            assertEquals(2, followers.followerCount("two"));
            leaving.close();
            append("two", "second\n");
            staying.awaitContents(2);
            // The server notices the closed stream when it next writes to it, and stops following it.
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                append("two", "more\n");
                return followers.followerCount("two") == 1;
            });
            append("two", "third\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> staying.contents().contains("third"));
            assertEquals("first", staying.contents().get(0));
            assertEquals("second", staying.contents().get(1));
            assertEquals(List.of("first"), leaving.contents(), "the closed follower got nothing after it closed");
        }
    }
}
