package dev.planwatch.changes;

import dev.planwatch.testing.BranchesRepository;
import dev.planwatch.testing.OpenApiRules;
import dev.planwatch.testing.WsClient;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.planwatch.testing.BranchesRepository.git;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plan branches in a real repository made by real git ({@link BranchesRepository}): what each
 * changed equals what git says, the conflict report equals what {@code git merge-tree} says, the dry
 * runs leave the repository as it was, and a commit that moves a ref is served and announced (the
 * announcements valid against the document's {@code /ws/events} messages).
 */
@QuarkusTest
@WithTestResource(value = BranchesRepository.class, scope = TestResourceScope.MATCHING_RESOURCES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangesTest {

    private static final List<String> WITH_WORK = List.of("clean-a", "clean-b", "left", "right", "solo");

    @TestHTTPResource("/")
    URI base;

    private static Path root() {
        return BranchesRepository.root();
    }

    private static String tip(String branch) {
        return git(root(), "rev-parse", branch).strip();
    }

    private static JsonPath get(String url) {
        return given().get(url).then().statusCode(200).extract().jsonPath();
    }

    /** {@code git diff --numstat -M -z} read independently: path → [added, removed] ("-" for binary), renames as "old -> new". */
    private static Map<String, List<String>> numstat(String from, String to) {
        Map<String, List<String>> counts = new TreeMap<>();
        String[] tokens = git(root(), "diff", "--numstat", "-M", "-z", from, to).split("\0");
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].isEmpty()) {
                continue;
            }
            String[] fields = tokens[i].split("\t");
            if (fields.length == 2) { // a rename: the two paths follow
                counts.put(tokens[i + 1] + " -> " + tokens[i + 2], List.of(fields[0], fields[1]));
                i += 2;
            } else {
                counts.put(fields[2], List.of(fields[0], fields[1]));
            }
        }
        return counts;
    }

    private static Map<String, List<String>> served(JsonPath changes) {
        Map<String, List<String>> counts = new TreeMap<>();
        List<Map<String, Object>> files = changes.getList("data.files");
        for (Map<String, Object> file : files) {
            String key = file.get("oldPath") == null ? (String) file.get("path") : file.get("oldPath") + " -> " + file.get("path");
            counts.put(key, List.of(String.valueOf(file.get("added") == null ? "-" : file.get("added")),
                    String.valueOf(file.get("removed") == null ? "-" : file.get("removed"))));
        }
        return counts;
    }

    @Test
    void eachPlansChangesEqualGitDiffNumstatAndLog() {
        for (String plan : WITH_WORK) {
            String branch = "plan/" + plan;
            String mergeBase = git(root(), "merge-base", "main", branch).strip();
            JsonPath changes = get("/api/plans/" + plan + "/changes");
            assertEquals(branch, changes.getString("data.branch"));
            assertEquals("main", changes.getString("data.baseBranch"));
            assertEquals(mergeBase, changes.getString("data.base"), plan);
            assertEquals(tip(branch), changes.getString("data.tip"), plan);
            assertEquals(numstat(mergeBase, branch), served(changes), plan + ": the counts of git diff --numstat");
            List<String> log = Arrays.stream(git(root(), "log", "--format=%H", mergeBase + ".." + branch).split("\n"))
                    .filter(s -> !s.isBlank()).toList();
            assertEquals(log, changes.getList("data.commits.sha"), plan + ": the commits of git log, newest first");
            assertEquals(log.size(), changes.getInt("data.commitCount"));
            assertEquals(changes.getList("data.files").size(), changes.getInt("data.totals.files"));
        }
        JsonPath left = get("/api/plans/left/changes");
        assertEquals("left: rewrite line 1", left.getString("data.commits[0].subject"));
        assertEquals("planwatch test", left.getString("data.commits[0].author"));
        assertTrue(left.getString("data.commits[0].time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals(1, left.getInt("data.totals.added"));
        assertEquals(1, left.getInt("data.totals.removed"));
        assertNull(left.get("data.uncommitted"), "a branch without a worktree has no uncommitted work");
    }

    @Test
    void aRenameABinaryFileADeletionAndAnAdditionAreNamedSo() {
        JsonPath solo = get("/api/plans/solo/changes");
        Map<String, Map<String, Object>> files = new TreeMap<>();
        List<Map<String, Object>> list = solo.getList("data.files");
        list.forEach(f -> files.put((String) f.get("path"), f));
        assertEquals("renamed", files.get("new-name.txt").get("status"));
        assertEquals("old-name.txt", files.get("new-name.txt").get("oldPath"));
        assertEquals("added", files.get("image.bin").get("status"));
        assertEquals(true, files.get("image.bin").get("binary"));
        assertNull(files.get("image.bin").get("added"));
        assertEquals("deleted", files.get("obsolete.txt").get("status"));
        assertEquals(1, files.get("obsolete.txt").get("removed"));
        assertEquals("added", files.get("docs/solo-notes.md").get("status"));
        assertEquals(4, files.get("docs/solo-notes.md").get("added"));
        assertEquals("modified", files.get("src/app.txt").get("status"));
        assertEquals(2, solo.getInt("data.commitCount"));
    }

    @Test
    void theWorktreesUncommittedWorkIsApart() {
        JsonPath solo = get("/api/plans/solo/changes");
        assertEquals(BranchesRepository.soloWorktree().toString(), solo.getString("data.worktreePath"));
        Map<String, Map<String, Object>> files = new TreeMap<>();
        List<Map<String, Object>> list = solo.getList("data.uncommitted.files");
        list.forEach(f -> files.put((String) f.get("path"), f));
        assertEquals(1, files.get("src/app.txt").get("added"), "the uncommitted line, against the worktree's HEAD");
        assertEquals(0, files.get("src/app.txt").get("removed"));
        assertEquals("untracked", files.get("scratch.txt").get("status"));
        assertFalse(solo.<String>getList("data.files.path").contains("scratch.txt"), "uncommitted work is not in the branch's files");
    }

    @Test
    void aFilesDiffMarksAddedAndRemovedLinesAndNamesBinaryFiles() {
        JsonPath shared = get("/api/plans/left/changes/diff?path=shared.txt");
        String diff = shared.getString("data.diff");
        assertTrue(diff.contains("\n-shared line 1\n"), diff);
        assertTrue(diff.contains("\n+left's version of line 1\n"), diff);
        assertEquals(false, shared.getBoolean("data.truncated"));
        assertEquals(git(root(), "diff", "main...plan/left", "--", "shared.txt").lines().filter(l -> l.startsWith("@@")).toList(),
                diff.lines().filter(l -> l.startsWith("@@")).toList(), "the hunks git diff shows");

        JsonPath binary = get("/api/plans/solo/changes/diff?path=image.bin");
        assertEquals(true, binary.getBoolean("data.binary"));
        assertNull(binary.get("data.diff"));

        JsonPath renamed = get("/api/plans/solo/changes/diff?path=new-name.txt");
        assertEquals("old-name.txt", renamed.getString("data.oldPath"));
        assertTrue(renamed.getString("data.diff").contains("rename from old-name.txt"), renamed.getString("data.diff"));

        JsonPath uncommitted = get("/api/plans/solo/changes/diff?path=src/app.txt&uncommitted=true");
        assertTrue(uncommitted.getString("data.diff").contains("\n+an uncommitted line\n"), uncommitted.getString("data.diff"));
        JsonPath untracked = get("/api/plans/solo/changes/diff?path=scratch.txt&uncommitted=true");
        assertTrue(untracked.getString("data.diff").contains("\n+untracked\n"), untracked.getString("data.diff"));
    }

    @Test
    void aDiffPastTheCapIsCutAtALineEnd() {
        JsonPath big = get("/api/plans/clean-b/changes/diff?path=generated/big.txt");
        assertEquals(true, big.getBoolean("data.truncated"));
        String diff = big.getString("data.diff");
        assertTrue(diff.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 256 * 1024, "at most 256 KiB");
        assertTrue(diff.length() > 200 * 1024, "close to the cap");
        assertTrue(diff.endsWith("\n"), "cut at a line end");
        assertTrue(diff.lines().dropWhile(line -> !line.startsWith("@@")).skip(1).allMatch(line -> line.matches("\\+generated line \\d+")), "whole added lines only");
        assertEquals(30_000, big.getInt("data.added"), "the counts are the whole file's");
    }

    @Test
    void badRequestsGetACodeNeverAGitError() {
        given().get("/api/plans/unbranched/changes").then().statusCode(404).body("code", equalTo("NO_BRANCH"))
                .body("details.branch", equalTo("plan/unbranched"));
        given().get("/api/plans/nope/changes").then().statusCode(404).body("code", equalTo("PLAN_NOT_FOUND"));
        given().get("/api/plans/..%2Fx/changes").then().statusCode(400);
        given().get("/api/plans/left/changes/diff").then().statusCode(400).body("details.field", equalTo("path"));
        given().get("/api/plans/left/changes/diff?path=a&path=b").then().statusCode(400);
        given().get("/api/plans/left/changes/diff?path=src/app.txt").then().statusCode(404).body("code", equalTo("FILE_NOT_CHANGED"));
        given().get("/api/plans/left/changes/diff?path=--output=/tmp/x").then().statusCode(404).body("code", equalTo("FILE_NOT_CHANGED"));
        given().get("/api/plans/left/changes/diff?path=../../etc/passwd").then().statusCode(404).body("code", equalTo("FILE_NOT_CHANGED"));
        given().get("/api/plans/left/changes/diff?path=shared.txt&uncommitted=yes").then().statusCode(400)
                .body("details.field", equalTo("uncommitted"));
        given().get("/api/plans/left/changes/diff?path=shared.txt&uncommitted=true").then().statusCode(404)
                .body("code", equalTo("FILE_NOT_CHANGED"));
    }

    /** The dry-run merges of git merge-tree, asked here directly (with a scratch object store of the test's own). */
    private static Map<String, Object> mergeTree(String a, String b) throws IOException {
        Path objects = Files.createTempDirectory("changes-test-objects");
        try {
            String output = git(root(), Map.of("GIT_OBJECT_DIRECTORY", objects.toString(),
                    "GIT_ALTERNATE_OBJECT_DIRECTORIES", root().resolve(".git/objects").toString()),
                    "merge-tree", "--write-tree", "--name-only", "--no-messages", a, b);
            List<String> lines = output.lines().toList();
            return Map.of("conflicts", lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).sorted().toList());
        } finally {
            try (Stream<Path> paths = Files.walk(objects)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theConflictReportEqualsWhatGitMergeTreeSays() throws IOException {
        JsonPath report = get("/api/worktrees/conflicts");
        assertEquals("main", report.getString("data.mainBranch"));
        assertEquals(WITH_WORK.stream().map(p -> "plan/" + p).toList(), report.getList("data.branches.branch"),
                "plan/idle has no work of its own");
        List<Map<String, Object>> pairs = report.getList("data.pairs");
        assertEquals(5 * 4 / 2 + 5, pairs.size(), "every pair of branches, and each with main");
        for (Map<String, Object> pair : pairs) {
            String a = (String) pair.get("a");
            String b = (String) pair.get("b");
            Map<String, Object> git = mergeTree(a, b);
            @SuppressWarnings("unchecked")
            List<String> conflicts = ((List<Map<String, Object>>) pair.get("conflicts")).stream().map(c -> (String) c.get("path")).sorted().toList();
            assertEquals(git.get("conflicts"), conflicts, a + " + " + b);
            assertEquals(!conflicts.isEmpty(), pair.get("severity").equals("conflict"), a + " + " + b);
        }
        Map<String, Map<String, Object>> byPair = pairs.stream().collect(Collectors.toMap(p -> p.get("a") + "+" + p.get("b"), p -> p));
        assertEquals("conflict", byPair.get("plan/left+plan/right").get("severity"));
        assertEquals(List.of(Map.of("path", "shared.txt", "kinds", List.of("CONFLICT (contents)"))),
                byPair.get("plan/left+plan/right").get("conflicts"));
        assertEquals("overlap", byPair.get("plan/clean-a+plan/clean-b").get("severity"), "the same file, lines far apart");
        assertEquals(List.of("story.txt"), byPair.get("plan/clean-a+plan/clean-b").get("overlapping"));
        assertEquals("none", byPair.get("plan/clean-a+plan/solo").get("severity"));
        assertEquals("none", byPair.get("plan/solo+main").get("severity"));
        assertEquals(true, byPair.get("plan/solo+main").get("withMain"));

        Map<String, List<String>> overlaps = new TreeMap<>();
        List<Map<String, Object>> overlapList = report.getList("data.overlaps");
        for (Map<String, Object> overlap : overlapList) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> branches = (List<Map<String, Object>>) overlap.get("branches");
            overlaps.put((String) overlap.get("path"), branches.stream().map(b -> (String) b.get("branch")).toList());
        }
        assertEquals(Map.of("shared.txt", List.of("plan/left", "plan/right"), "story.txt", List.of("plan/clean-a", "plan/clean-b")), overlaps);

        // Fewest conflicts first, then the most complete plan: left (50 %) before right (0 %).
        assertEquals(List.of("plan/clean-a", "plan/clean-b", "plan/solo", "plan/left", "plan/right"),
                report.getList("data.mergeOrder.branch"));
        assertTrue(report.getString("data.mergeOrder[3].reason").contains("conflicts with plan/right"),
                report.getString("data.mergeOrder[3].reason"));
        assertTrue(report.getString("data.mergeOrder[3].reason").contains("50% complete"));
    }

    @Test
    void repliesMatchTheOpenApiDocument() {
        JsonNode document = OpenApiRules.document();
        for (String url : List.of("/api/plans/solo/changes", "/api/plans/left/changes", "/api/worktrees/conflicts",
                "/api/plans/left/changes/diff?path=shared.txt", "/api/plans/solo/changes/diff?path=image.bin",
                "/api/plans/solo/changes/diff?path=scratch.txt&uncommitted=true")) {
            OpenApiRules.assertMatches(document, "GET", url, 200, given().get(url).asString());
        }
        OpenApiRules.assertMatches(document, "GET", "/api/plans/unbranched/changes", 404,
                given().get("/api/plans/unbranched/changes").asString());
        OpenApiRules.assertMatches(document, "GET", "/api/plans/left/changes/diff?path=nope", 404,
                given().get("/api/plans/left/changes/diff?path=nope").asString());
    }

    private static List<String> repositoryState() throws IOException {
        List<String> state = new ArrayList<>();
        try (Stream<Path> objects = Files.walk(root().resolve(".git/objects"))) {
            state.add("objects: " + objects.filter(Files::isRegularFile).map(p -> root().relativize(p).toString()).sorted().toList());
        }
        state.add("refs: " + git(root(), "for-each-ref"));
        state.add("worktrees: " + git(root(), "worktree", "list", "--porcelain"));
        state.add("status: " + git(root(), "status", "--porcelain") + git(BranchesRepository.soloWorktree(), "status", "--porcelain"));
        return state;
    }

    @Test
    @Order(1)
    void dryRunMergesLeaveTheRepositoryAsItWas() throws IOException {
        // A branch of its own makes the report's merges run now, whatever was asked before.
        git(root(), "branch", "plan/probe", "plan/right");
        Path probe = Files.createTempDirectory("changes-probe");
        git(root(), "worktree", "add", "-q", probe.toString(), "plan/probe");
        BranchesRepository.replaceLine(probe, "shared.txt", 3, "probe");
        git(probe, "commit", "-q", "-am", "probe");
        git(root(), "worktree", "remove", "--force", probe.toString());
        try {
            List<String> before = repositoryState();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String report = given().get("/api/worktrees/conflicts").asString();
                assertTrue(report.contains("\"branch\":\"plan/probe\""), report);
            });
            assertEquals(before, repositoryState(), "no object, ref, worktree or file of the repository changed");
        } finally {
            git(root(), "branch", "-D", "plan/probe");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertFalse(
                get("/api/worktrees/conflicts").getList("data.branches.branch").contains("plan/probe")));
    }

    /** Last: it changes the repository the other tests describe. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aCommitThatMovesARefIsServedAndAnnounced() throws IOException {
        get("/api/plans/solo/changes");
        get("/api/worktrees/conflicts");
        try (WsClient events = WsClient.connect(base, "/ws/events")) {
            await().until(() -> events.messages() != null);
            int from = events.payloads().size();
            Path solo = BranchesRepository.soloWorktree();
            git(solo, "commit", "-q", "-am", "solo: commit the uncommitted line");
            String soloTip = tip("plan/solo");
            JsonNode moved = events.await(from, m -> m.path("type").asText().equals("plan:changes")
                    && m.path("plan").asText().equals("solo") && m.path("data").path("tip").asText().equals(soloTip));
            assertEquals("plan/solo", moved.path("data").path("branch").asText());
            assertEquals(3, moved.path("data").path("commits").asInt());
            JsonPath changes = get("/api/plans/solo/changes");
            assertEquals(soloTip, changes.getString("data.tip"));
            assertEquals("solo: commit the uncommitted line", changes.getString("data.commits[0].subject"));
            assertFalse(changes.<String>getList("data.uncommitted.files.path").contains("src/app.txt"), "committed now");

            // right takes left's line: the pair merges cleanly, and the report's change is announced.
            int beforeResolve = events.payloads().size();
            git(root(), "checkout", "-q", "plan/right");
            BranchesRepository.replaceLine("shared.txt", 1, "left's version of line 1");
            git(root(), "commit", "-q", "-am", "right: take left's line");
            git(root(), "checkout", "-q", "main");
            JsonNode conflicts = events.await(beforeResolve, m -> m.path("type").asText().equals("worktrees:conflicts")
                    && m.path("data").path("conflictingPairs").asInt() == 0, Duration.ofSeconds(10));
            assertEquals(5, conflicts.path("data").path("branches").asInt());
            JsonNode document = OpenApiRules.document();
            OpenApiRules.assertMatches(document, "GET", "/ws/events", 101, moved.toString());
            OpenApiRules.assertMatches(document, "GET", "/ws/events", 101, conflicts.toString());
            List<Map<String, Object>> pairs = get("/api/worktrees/conflicts").getList("data.pairs");
            assertEquals("overlap", pairs.stream().filter(p -> p.get("a").equals("plan/left") && p.get("b").equals("plan/right"))
                    .findFirst().orElseThrow().get("severity"));
        }
    }
}
