package dev.planwatch.security;

import dev.planwatch.testing.FixtureWorkspace;
import dev.planwatch.testing.Workspaces;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of random requests (paths, names, query values, headers, bodies, WebSocket handshakes)
 * sent byte for byte: none may answer 5xx or a stack trace, and none may return a file outside
 * the workspace, although symlinks inside it point at one. The seed is fixed, so a failure replays.
 */
@QuarkusTest
@TestProfile(FuzzProfile.class)
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class FuzzTest {

    private static final int REQUESTS = 3000;
    private static final String CANARY = "CANARY-" + UUID.randomUUID();
    private static Path outside;

    private static final String[] NAMES = {
        "alpha", "big", "done", "broken", "wt", "linked", "md-only", "no-such-plan", "", ".", "..", "...", "%2e%2e", "%2E%2e%2f",
        "..%2F..%2Fetc%2Fpasswd", "%2F", "a%00b", "%00", "x.md", "README.md", "a/b", "a%2Fb", "%5c", "..%5c..", "-x", "_x",
        "a".repeat(128), "a".repeat(129), "b".repeat(5000), "%ZZ", "%", "%e0%a4%a", "%C3%28", "%F0%9F%98%80", "caf%C3%A9",
        "<script>", "%3Cscript%3E", "'", "%27%20OR%201=1", ";ls", "$(id)", "%24%28id%29", "~root", "alpha;x", "alpha%3Bx",
        "1.1", "9.9", "2.3", "x", "%20", "+", "*", "?", "#", "%23", "alpha.", "con", "nul", "%7F", "%1b[31m"};
    private static final String[] TEMPLATES = {
        "/api/plans/{n}", "/api/plans/{n}/status", "/api/plans/{n}/tasks", "/api/plans/{n}/history",
        "/api/plans/{n}/findings", "/api/plans/{n}/findings/{t}", "/api/plans/{n}/logs", "/api/plans/{n}/start",
        "/api/plans/{n}/stop", "/api/orchestrators/{n}", "/api/orchestrators/{n}/pause", "/api/orchestrators/{n}/resume",
        "/api/orchestrators/{n}/stop", "/api/plans", "/api/orchestrators", "/api/activity", "/api/dashboard/summary",
        "/api/worktrees", "/api/resources", "/health", "/q/health/ready", "/ws/plans/{n}", "/ws/all", "/ws/events",
        "/{n}", "/api/{n}", "/api/plans/{n}/{t}/{n}", "/q/{n}", "//api//plans", "/api/plans/", "/api/plans/{n}/findings/"};
    private static final String[] QUERIES = {
        "", "?status={v}", "?worktree={v}", "?lines={v}", "?since={v}", "?follow={v}", "?page={v}&pageSize={v}",
        "?plan={n}", "?orchestratorId={n}", "?lines={v}&since={v}", "?status={v}&status={v}", "?{v}={v}", "?format={v}",
        "?access_token={v}"};
    private static final String[] VALUES = {
        "", "1", "0", "-1", "100", "10000", "10001", "99999999999999999999", "abc", "true", "false", "TRUE", "pending",
        "in_progress", "completed", "failed", "%00", "%ZZ", "2025-01-01T00:00:00Z", "2025-13-45", "yesterday", "1e9", "NaN",
        "%2e%2e", "..", "all-plans", "x".repeat(3000), "%C3%28", "1,2", "[]", "{}", "null"};
    private static final String[] BODIES = {
        "", "{}", "null", "[]", "\"x\"", "1", "{", "{\"mode\":\"continuous\"}", "{\"mode\":7}", "{\"tasks\":[\"1.1\"]}",
        "{\"tasks\":\"1.1\"}", "{\"tasks\":[\"../x\"]}", "{\"tasks\":[null]}", "{\"autonomous\":\"false\"}", "{\"force\":true}",
        "{\"timeout\":-5}", "{\"timeout\":1e308}", "{\"timeout\":\"30\"}", "{\"a\":" + "[".repeat(2000) + "}", "\u0000\u0001",
        "{\"mode\":\"x\",\"mode\":\"y\"}", "{\"tasks\":[" + "\"1.1\",".repeat(5000) + "\"1.2\"]}", "x".repeat(70_000)};
    private static final String[] CONTENT_TYPES = {
        null, "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/xml", "*/*", "garbage", "application/json; charset=ebcdic"};
    private static final String[] ACCEPTS = {null, "application/json", "text/event-stream", "text/html", "*/*", "image/png", "garbage;;q=x"};

    @BeforeAll
    static void plantSymlinksToAFileOutsideTheWorkspace() throws IOException {
        Path root = Workspaces.root();
        outside = Files.createTempFile("planwatch-outside", ".md");
        Files.writeString(outside, CANARY + "\n" + CANARY + "\n");
        Files.createDirectories(root.resolve("docs/plan-outputs/alpha/findings"));
        Files.createSymbolicLink(root.resolve("docs/plan-outputs/alpha/findings/9.9.md"), outside);
        Files.writeString(root.resolve("docs/plans/linked.md"), "# Linked\n\n## Phase 1: Work\n- [ ] 1.1 a\n");
        Files.createSymbolicLink(root.resolve("orchestrator-linked.log"), outside);
    }

    @AfterAll
    static void removeTheOutsideFile() throws IOException {
        Files.deleteIfExists(outside);
    }

    @Test
    void randomRequestsNever5xxNeverLeak() throws IOException {
        Random random = new Random(20261125L);
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String target = fill(pick(random, TEMPLATES) + pick(random, QUERIES), random);
            String method = random.nextInt(10) < 6 ? "GET" : pick(random, new String[] {"POST", "POST", "OPTIONS", "PUT", "DELETE", "HEAD", "PATCH"});
            List<String> headers = new ArrayList<>();
            maybe(random, headers, "Content-Type", CONTENT_TYPES);
            maybe(random, headers, "Accept", ACCEPTS);
            maybe(random, headers, "If-None-Match", new String[] {null, "\"x\"", "*", "garbage", "\"" + "e".repeat(500) + "\""});
            maybe(random, headers, "Last-Event-ID", new String[] {null, "0", "-1", "abc", "99999999999999999999", "12"});
            maybe(random, headers, "Origin", new String[] {null, null, "http://evil.example", "null", "http://localhost:" + RestAssured.port});
            if (target.startsWith("/ws/") && random.nextBoolean()) {
                headers.addAll(List.of("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="));
            }
            String body = method.equals("POST") || method.equals("PUT") ? pick(random, BODIES) : null;
            String response = send(method, target, headers, body);
            int status = statusOf(response);
            byStatus.merge(status, 1, Integer::sum);
            if (status >= 500 || status < 100) {
                failures.add(status + " " + method + " " + abbreviate(target) + " " + headers + " -> " + abbreviate(response));
            }
            if (response.contains(CANARY)) {
                failures.add("LEAK " + method + " " + abbreviate(target));
            }
            if (response.contains("\tat ") || response.contains("Exception:")) {
                failures.add("TRACE " + method + " " + abbreviate(target) + " -> " + abbreviate(response));
            }
        }
        System.out.println("Fuzz: " + REQUESTS + " requests, by status " + byStatus);
        assertTrue(failures.isEmpty(), failures.size() + " bad answers:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        assertEquals(REQUESTS, byStatus.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(byStatus.getOrDefault(200, 0) > 100 && byStatus.getOrDefault(400, 0) > 100, "the fuzz reaches both sides: " + byStatus);
    }

    @Test
    void symlinksOutOfTheWorkspaceAreNotFollowed() throws IOException {
        assertTrue(statusOf(send("GET", "/api/plans/alpha/findings/9.9", List.of(), null)) == 404);
        String list = send("GET", "/api/plans/alpha/findings", List.of(), null);
        assertTrue(!list.contains("9.9.md") && !list.contains(CANARY), list);
        assertEquals(404, statusOf(send("GET", "/api/plans/linked/logs", List.of(), null)));
    }

    private static String fill(String template, Random random) {
        String result = template;
        while (result.contains("{n}")) {
            result = result.replaceFirst("\\{n}", java.util.regex.Matcher.quoteReplacement(pick(random, NAMES)));
        }
        while (result.contains("{t}")) {
            result = result.replaceFirst("\\{t}", java.util.regex.Matcher.quoteReplacement(pick(random, NAMES)));
        }
        while (result.contains("{v}")) {
            result = result.replaceFirst("\\{v}", java.util.regex.Matcher.quoteReplacement(pick(random, VALUES)));
        }
        return result.replace(' ', '+').replace("#", "%23");
    }

    private static void maybe(Random random, List<String> headers, String name, String[] values) {
        String value = pick(random, values);
        if (value != null && random.nextBoolean()) {
            headers.add(name + ": " + value);
        }
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Sent raw; a stream that stays open is answered after 400 ms of quiet. */
    private static String send(String method, String target, List<String> headers, String body) throws IOException {
        List<String> withHost = new ArrayList<>(headers);
        withHost.add(0, "Host: localhost:" + RestAssured.port);
        return RawHttp.send(method, target, withHost, body, 400);
    }

    private static int statusOf(String response) {
        if (!response.startsWith("HTTP/1.1 ") && !response.startsWith("HTTP/1.0 ")) {
            return -1;
        }
        try {
            return Integer.parseInt(response.substring(9, 12));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\r\n", " | ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
