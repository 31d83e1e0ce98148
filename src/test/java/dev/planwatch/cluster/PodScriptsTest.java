package dev.planwatch.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scripts of a plan run's pod, run as its containers run them ({@code sh -c <script>}), against a
 * real git repository: the checkout of the plan's branch, and the orchestrator's wrapper.
 */
class PodScriptsTest {

    @TempDir
    Path dir;

    @Test
    void theCheckoutCreatesThePlansBranchFromMainAndPointsAtThePlan() throws Exception {
        Path origin = repository();
        Path workspace = dir.resolve("workspace");
        Result result = run(script("checkout.sh"), List.of(), checkoutEnvironment(origin, workspace));
        assertEquals(0, result.code(), result.output());
        assertEquals("plan/alpha", git(workspace, "rev-parse", "--abbrev-ref", "HEAD"));
        assertEquals(git(origin, "rev-parse", "main"), git(workspace, "rev-parse", "HEAD"), "created from main");
        assertEquals("docs/plans/alpha.md\n", Files.readString(workspace.resolve(".claude-context/current-plan.txt")));
        assertTrue(Files.isRegularFile(workspace.resolve("docs/plans/alpha.md")));
    }

    @Test
    void theCheckoutTakesThePlansBranchWhenTheRepositoryHasIt() throws Exception {
        Path origin = repository();
        git(origin, "checkout", "-q", "-b", "plan/alpha");
        Files.writeString(origin.resolve("progress.txt"), "earlier run\n");
        git(origin, "add", "progress.txt");
        git(origin, "commit", "-q", "-m", "earlier run of alpha");
        git(origin, "checkout", "-q", "main");
        Path workspace = dir.resolve("workspace");
        Map<String, String> environment = new java.util.HashMap<>(checkoutEnvironment(origin, workspace));
        environment.put("GIT_TOKEN", "s3cret-token");
        Result result = run(script("checkout.sh"), List.of(), environment);
        assertEquals(0, result.code(), result.output());
        assertEquals(git(origin, "rev-parse", "plan/alpha"), git(workspace, "rev-parse", "HEAD"));
        assertTrue(Files.readString(dir.resolve(".gitconfig")).contains("credential"), "the helper is in $HOME");
        try (var files = Files.walk(workspace)) {
            assertTrue(files.filter(Files::isRegularFile).noneMatch(file -> {
                try {
                    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("s3cret-token");
                } catch (IOException e) {
                    return false;
                }
            }), "the token is nowhere in the checkout");
        }
        assertEquals("earlier run\n", Files.readString(workspace.resolve("progress.txt")));
        assertEquals("", git(workspace, "config", "--local", "--get-regexp", "credential", "||", "true").strip(),
                "no credential is written into the checkout");
    }

    @Test
    void aMissingRepositoryFailsTheInitContainer() throws Exception {
        Result result = run(script("checkout.sh"), List.of(),
                checkoutEnvironment(dir.resolve("no-such-repository"), dir.resolve("workspace")));
        assertTrue(result.code() != 0, "the pod's checkout fails, so the run shows it: " + result.output());
    }

    @Test
    void theWrapperAppendsToThePlansLogCopiesItAndEndsWithTheOrchestratorsCode() throws Exception {
        Path log = dir.resolve("workspace/orchestrator-alpha.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "an earlier run\n");
        Result result = run(script("orchestrator.sh"), List.of("orchestrator", "sh", "-c", "echo first; echo second >&2; exit 3"),
                Map.of("ORCHESTRATOR_LOG", log.toString()));
        assertEquals(3, result.code());
        assertEquals("an earlier run\nfirst\nsecond\n", Files.readString(log));
        assertEquals("first\nsecond\n", result.output(), "the container's output is this run's lines");
    }

    @Test
    void aTermOfTheContainerReachesTheOrchestrator() throws Exception {
        Path log = dir.resolve("orchestrator-alpha.log");
        ProcessBuilder builder = new ProcessBuilder(List.of("sh", "-c", script("orchestrator.sh"), "orchestrator", "sh", "-c",
                "trap 'echo shutting down; exit 0' TERM; echo started; while :; do sleep 0.05; done"));
        builder.environment().put("ORCHESTRATOR_LOG", log.toString());
        builder.redirectErrorStream(true);
        Process container = builder.start();
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.readString(log).contains("started"));
        container.toHandle().destroy(); // SIGTERM, as the kubelet sends at a Job's deletion
        assertTrue(container.waitFor(10, TimeUnit.SECONDS), "the container ends");
        assertEquals(0, container.exitValue(), "with the orchestrator's own code");
        assertTrue(Files.readString(log).contains("shutting down"), Files.readString(log));
    }

    private Map<String, String> checkoutEnvironment(Path origin, Path workspace) {
        return Map.of("REPOSITORY", origin.toUri().toString(), "WORKSPACE", workspace.toString(), "PLAN_BRANCH", "plan/alpha",
                "MAIN_BRANCH", "main", "PLAN_PATH", "docs/plans/alpha.md", "HOME", dir.toString());
    }

    /** A repository with a plan on its main branch. */
    private Path repository() throws Exception {
        Path origin = Files.createDirectories(dir.resolve("origin"));
        git(origin, "init", "-q", "-b", "main");
        Files.createDirectories(origin.resolve("docs/plans"));
        Files.writeString(origin.resolve("docs/plans/alpha.md"), "# Alpha\n");
        git(origin, "add", ".");
        git(origin, "-c", "user.name=t", "-c", "user.email=t@example", "commit", "-q", "-m", "plans");
        git(origin, "config", "user.name", "t");
        git(origin, "config", "user.email", "t@example");
        return origin;
    }

    private String git(Path in, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", in.toString()));
        List<String> rest = List.of(args);
        if (rest.contains("||")) {
            command = new ArrayList<>(List.of("sh", "-c", "git -C '" + in + "' " + String.join(" ", rest)));
        } else {
            command.addAll(rest);
        }
        Result result = run(command, Map.of("HOME", dir.toString(), "GIT_CONFIG_NOSYSTEM", "1"));
        assertEquals(0, result.code(), command + ": " + result.output());
        return result.output().strip();
    }

    private record Result(int code, String output) {
    }

    private Result run(String script, List<String> arguments, Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", script));
        command.addAll(arguments.isEmpty() ? List.of("checkout") : arguments);
        return run(command, environment);
    }

    private Result run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ends");
        return new Result(process.exitValue(), output);
    }

    private static String script(String name) throws IOException {
        try (InputStream in = PodScriptsTest.class.getResourceAsStream("/kubernetes/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
