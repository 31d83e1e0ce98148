package dev.planwatch.worktrees;

import dev.planwatch.testing.GitWorkspace;
import dev.planwatch.testing.PlanRepository;
import dev.planwatch.testing.Processes;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.testing.Workspaces;

import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plans in their own git worktrees, with real git and real orchestrator processes (the demo
 * orchestrator following the original's worktree rules): several at once within the limit, one
 * started by hand inside its worktree, worktrees made by git seen at once, and removal's refusals.
 */
@QuarkusTest
@TestProfile(ParallelPlansProfile.class)
@WithTestResource(value = PlanRepository.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ParallelPlansTest {

    private static final List<Long> STARTED = new ArrayList<>();
    private static final List<Process> BY_HAND = new ArrayList<>();

    @AfterAll
    static void leaveNoProcessBehind() {
        BY_HAND.forEach(p -> STARTED.add(p.pid()));
        Processes.destroyTrees(STARTED);
    }

    @Inject
    PlanCatalog catalog;

    /** Each test starts with no worktree and no plan branch, whatever the last one left. */
    @AfterEach
    void removeWorktrees() throws Exception {
        for (Process process : BY_HAND) {
            process.destroyForcibly();
        }
        Processes.destroyTrees(STARTED);
        for (String plan : PlanRepository.PLANS) {
            if (Files.exists(root().resolve("worktrees/plan-" + plan))) {
                git(root(), "worktree", "remove", "--force", "--force", "worktrees/plan-" + plan);
            }
            git(root(), "branch", "-D", "plan/" + plan);
        }
        git(root(), "worktree", "prune");
    }

    private static Path root() {
        return PlanRepository.root();
    }

    private static Response start(String plan, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/plans/" + plan + "/start");
    }

    private static Response remove(String plan, boolean force) {
        return given().delete("/api/worktrees/" + plan + (force ? "?force=true" : ""));
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    @Test
    void threePlansRunInTheirWorktreesAtOnceTheFourthIsRefusedAndEachStopsAndIsRemoved() throws Exception {
        List<String> plans = List.of("alpha", "bravo", "charlie");
        List<Long> pids = new ArrayList<>();
        for (String plan : plans) {
            Response started = start(plan, "{\"worktree\": true}");
            started.then().statusCode(200).body("success", equalTo(true))
                    .body("data.worktreePath", equalTo(root().resolve("worktrees/plan-" + plan).toString()));
            long pid = started.jsonPath().getLong("orchestrator.pid");
            STARTED.add(pid);
            pids.add(pid);
            Path worktree = root().resolve("worktrees/plan-" + plan);
            assertEquals("docs/plans/" + plan + ".md", Files.readString(worktree.resolve(".claude-context/current-plan.txt")).strip());
            assertTrue(Files.isRegularFile(worktree.resolve(".claude-context/git-workflow.json")));
            assertTrue(git(root(), "branch", "--list", "plan/" + plan).contains("plan/" + plan));
        }
        assertFalse(Files.exists(root().resolve(".claude/current-plan.txt")), "a worktree start leaves the main checkout's pointer alone");
        assertFalse(Files.exists(root().resolve(".claude-context")), "nor makes one there");
        for (String plan : plans) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/plans/" + plan).then()
                    .body("data.progress.completed", greaterThan(0))
                    .body("data.orchestrator.running", equalTo(true))
                    .body("data.worktree.path", equalTo("worktrees/plan-" + plan)));
            assertTrue(Files.isRegularFile(root().resolve("worktrees/plan-" + plan + "/docs/plan-outputs/" + plan + "/status.json")));
            assertFalse(Files.exists(root().resolve("docs/plan-outputs/" + plan + "/status.json")), "status.json is the worktree's");
        }
        start("delta", "{\"worktree\": true}").then().statusCode(409)
                .body("code", equalTo("RESOURCE_EXHAUSTED"))
                .body("details.current", equalTo(3))
                .body("details.maximum", equalTo(3));
        given().get("/api/resources").then().statusCode(200)
                .body("data.limits.concurrentWorktrees.current", equalTo(3))
                .body("data.limits.concurrentWorktrees.canCreate", equalTo(false))
                .body("data.canCreateWorktree", equalTo(false));
        assertFalse(Files.exists(root().resolve("worktrees/plan-delta")));

        // each is controlled in its own worktree's files and over its own socket
        String alphaId = given().get("/api/plans/alpha").jsonPath().getString("data.orchestrator.id");
        given().contentType(ContentType.JSON).body("{}").post("/api/orchestrators/" + alphaId + "/pause").then().statusCode(200)
                .body("data.paused", equalTo(true));
        given().contentType(ContentType.JSON).body("{}").post("/api/orchestrators/" + alphaId + "/resume").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"reason\": \"not needed\"}").post("/api/plans/bravo/tasks/1.20/skip")
                .then().statusCode(200).body("data.status", equalTo("skipped"));
        assertTrue(Files.readString(root().resolve("worktrees/plan-bravo/docs/plan-outputs/bravo/status.json")).contains("not needed"));
        given().get("/api/plans/charlie/logs?lines=50").then().statusCode(200)
                .body("logs", hasItem(org.hamcrest.Matchers.containsString("--worktree worktrees/plan-charlie")));

        for (int i = 0; i < plans.size(); i++) {
            String plan = plans.get(i);
            long pid = pids.get(i);
            long group = Processes.groupOf(pid);
            remove(plan, true).then().statusCode(409).body("code", equalTo("WORKTREE_BUSY"));
            given().contentType(ContentType.JSON).body("{\"timeout\": 10}").post("/api/plans/" + plan + "/stop")
                    .then().statusCode(200).body("orchestrator.pid", equalTo((int) pid));
            assertTrue(Processes.exited(pid));
            await().atMost(Duration.ofSeconds(5)).until(() -> Processes.inGroup(group).isEmpty());
            remove(plan, false).then().statusCode(200)
                    .body("data.path", equalTo("worktrees/plan-" + plan))
                    .body("data.branchDeleted", equalTo(true));
            assertFalse(git(root(), "worktree", "list").contains("plan-" + plan));
            assertFalse(Files.exists(root().resolve("worktrees/plan-" + plan)));
        }
    }

    @Test
    void aPlanStartedByHandInsideItsWorktreeIsShownAndNotStartedTwice() throws Exception {
        Path worktree = root().resolve("worktrees/plan-delta");
        Files.createDirectories(worktree.getParent());
        git(root(), "worktree", "add", "worktrees/plan-delta", "-b", "plan/delta");
        Files.createDirectories(worktree.resolve(".claude-context"));
        Files.writeString(worktree.resolve(".claude-context/current-plan.txt"), "docs/plans/delta.md\n");
        ProcessBuilder builder = new ProcessBuilder("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "dev.planwatch.PlanwatchMain", "demo-orchestrator", "--plan", "docs/plans/delta.md")
                .directory(worktree.toFile())
                .redirectErrorStream(true)
                .redirectOutput(File.createTempFile("by-hand", ".log"));
        builder.environment().put("PLANWATCH_DEMO_STEP_SECONDS", "1");
        Process byHand = builder.start();
        BY_HAND.add(byHand);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/plans/delta").then()
                .body("data.orchestrator.running", equalTo(true))
                .body("data.orchestrator.pid", equalTo((int) byHand.pid()))
                .body("data.worktree.path", equalTo("worktrees/plan-delta")));
        assertTrue(Files.readString(worktree.resolve(".claude/orchestrator-registry.json")).contains("\"pid\""),
                "it registered in the worktree's own registry");
        assertFalse(Files.readString(root().resolve(".claude/orchestrator-registry.json")).contains("delta"));
        given().get("/api/orchestrators").then().body("data.plan", hasItem("delta"));

        start("delta", "{}").then().statusCode(409).body("code", equalTo("ALREADY_RUNNING"))
                .body("details.existingPid", equalTo((int) byHand.pid()));
        start("delta", "{\"worktree\": true}").then().statusCode(409).body("code", equalTo("ALREADY_RUNNING"));
        remove("delta", true).then().statusCode(409).body("code", equalTo("WORKTREE_BUSY"));

        given().contentType(ContentType.JSON).body("{\"timeout\": 10}").post("/api/plans/delta/stop").then().statusCode(200);
        assertTrue(byHand.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        // it unregistered on its way out
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/api/plans/delta").then()
                .body("data.orchestrator", nullValue()));
        // the worktree's tracked registry was changed by the orchestrator: only force removes it
        remove("delta", false).then().statusCode(409).body("code", equalTo("WORKTREE_DIRTY"));
        remove("delta", true).then().statusCode(200);
    }

    @Test
    void aWorktreeAddedWithGitAppearsWithinASecondAndItsStatusFollows() throws Exception {
        given().get("/api/plans/echo").then().statusCode(200);
        Files.createDirectories(root().resolve("worktrees"));
        git(root(), "worktree", "add", "worktrees/plan-echo", "-b", "plan/echo");
        // the detector's view within a second (the HTTP reply on a loaded machine may take longer)
        await().atMost(Duration.ofSeconds(1)).until(() -> catalog.snapshot().plan("echo")
                .map(view -> view.worktree() != null && "worktrees/plan-echo".equals(view.worktree().path())).orElse(false));
        given().get("/api/plans/echo").then().body("data.worktree.path", equalTo("worktrees/plan-echo"));
        // what the status tools' init writes in the new worktree is seen as quickly
        Path status = root().resolve("worktrees/plan-echo/docs/plan-outputs/echo/status.json");
        Files.createDirectories(status.getParent());
        Files.writeString(status, Workspaces.statusJson("echo", "2026-01-01T00:00:00Z", "completed", "pending"));
        await().atMost(Duration.ofSeconds(1)).until(() -> catalog.snapshot().plan("echo")
                .map(view -> view.progress().completed() == 1 && view.statusFile().startsWith("worktrees/plan-echo/")).orElse(false));
        given().get("/api/plans/echo").then().body("data.progress.completed", equalTo(1))
                .body("data.statusFile", equalTo("worktrees/plan-echo/docs/plan-outputs/echo/status.json"));
        git(root(), "worktree", "remove", "--force", "worktrees/plan-echo");
        await().atMost(Duration.ofSeconds(1)).until(() -> catalog.snapshot().plan("echo")
                .map(view -> view.worktree() == null).orElse(false));
        given().get("/api/plans/echo").then().body("data.worktree", nullValue());
    }

    @Test
    void tooLittleFreeDiskSpaceRefusesANewWorktreeAsResourcesSays() throws Exception {
        Path workflow = root().resolve(".claude/git-workflow.json");
        String original = Files.readString(workflow);
        // generous bounds: not a latency check, and the first matcher of a JVM is slow on a loaded machine
        try {
            Workspaces.writeAtomically(workflow, original.replace("\"min_disk_space_mb\": 1}", "\"min_disk_space_mb\": 2000000000}"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/resources").then()
                    .body("data.limits.diskSpace.requiredMB", equalTo(2_000_000_000))
                    .body("data.limits.diskSpace.sufficient", equalTo(false))
                    .body("data.canCreateWorktree", equalTo(false)));
            start("golf", "{\"worktree\": true}").then().statusCode(409).body("code", equalTo("INSUFFICIENT_DISK"))
                    .body("details.requiredMB", equalTo(2_000_000_000));
            given().contentType(ContentType.JSON).body("{}").post("/api/worktrees/golf").then().statusCode(409)
                    .body("code", equalTo("INSUFFICIENT_DISK"));
            assertFalse(Files.exists(root().resolve("worktrees/plan-golf")));
        } finally {
            Workspaces.writeAtomically(workflow, original);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/resources").then()
                    .body("data.limits.diskSpace.requiredMB", equalTo(1)));
        }
    }

    @Test
    void removalRefusesDirtyAndUnmergedWorktreesAndKeepsAnUnmergedBranch() throws Exception {
        given().contentType(ContentType.JSON).body("{}").post("/api/worktrees/foxtrot").then().statusCode(200)
                .body("data.path", equalTo("worktrees/plan-foxtrot"))
                .body("data.branch", equalTo("plan/foxtrot"))
                .body("data.created", equalTo(true));
        Path worktree = root().resolve("worktrees/plan-foxtrot");
        assertTrue(Files.isRegularFile(worktree.resolve("docs/plan-outputs/foxtrot/status.json")), "status initialised");
        given().contentType(ContentType.JSON).body("{}").post("/api/worktrees/foxtrot").then().statusCode(409)
                .body("code", equalTo("WORKTREE_EXISTS"));

        Files.writeString(worktree.resolve("notes.txt"), "work in progress");
        remove("foxtrot", false).then().statusCode(409).body("code", equalTo("WORKTREE_DIRTY"))
                .body("details.changes", hasItem("?? notes.txt"));
        GitWorkspace.git(worktree, null, "add", "notes.txt");
        GitWorkspace.git(worktree, null, "commit", "-q", "-m", "foxtrot notes");
        remove("foxtrot", false).then().statusCode(409).body("code", equalTo("WORKTREE_UNMERGED"))
                .body("details.commits[0]", org.hamcrest.Matchers.endsWith(" foxtrot notes"))
                .body("details.mainBranch", equalTo("main"));
        remove("foxtrot", true).then().statusCode(200).body("data.branchDeleted", equalTo(false));
        assertFalse(git(root(), "worktree", "list").contains("plan-foxtrot"));
        assertFalse(Files.exists(worktree));
        assertTrue(git(root(), "branch", "--list", "plan/foxtrot").contains("plan/foxtrot"), "the unmerged branch is kept");

        given().contentType(ContentType.JSON).body("{}").post("/api/worktrees/foxtrot").then().statusCode(409)
                .body("code", equalTo("WORKTREE_EXISTS")).body("details.branch", equalTo("plan/foxtrot"));
        given().contentType(ContentType.JSON).body("{\"attach\": true}").post("/api/worktrees/foxtrot").then().statusCode(200);
        assertTrue(Files.isRegularFile(worktree.resolve("notes.txt")), "attached to the existing branch");
        // by the worktree's name, as /api/worktrees lists it
        given().delete("/api/worktrees/plan-foxtrot?force=true").then().statusCode(200).body("data.name", equalTo("plan-foxtrot"));

        remove("golf", false).then().statusCode(404).body("code", equalTo("WORKTREE_NOT_FOUND"));
        given().contentType(ContentType.JSON).body("{\"attach\": true}").post("/api/worktrees/golf").then().statusCode(404)
                .body("code", equalTo("WORKTREE_NOT_FOUND"));
        given().delete("/api/worktrees/..%2F..").then().statusCode(startsWith4xx());
        assertTrue(Files.isDirectory(root().resolve("docs")), "nothing outside worktrees/ is touched");
    }

    private static org.hamcrest.Matcher<Integer> startsWith4xx() {
        return org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400)).and(org.hamcrest.Matchers.lessThan(500));
    }
}
