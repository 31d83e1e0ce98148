package dev.planwatch.workspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The git runner with stand-in executables: a wedged one is killed, a chatty one is read whole. */
class GitCommandsTest {

    @TempDir
    Path dir;

    private Path script(String body) throws IOException {
        Path script = dir.resolve("fake-git");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        script.toFile().setExecutable(true);
        return script;
    }

    @Test
    void aWedgedGitIsKilledAtTheTimeout() throws IOException {
        GitCommands git = new GitCommands(Duration.ofMillis(300), script("sleep 30; echo late").toString());
        long begin = System.nanoTime();
        assertEquals(Optional.empty(), git.run(dir, "status"));
        long tookMillis = (System.nanoTime() - begin) / 1_000_000;
        assertTrue(tookMillis >= 300 && tookMillis < 5_000, "took " + tookMillis + " ms");
    }

    @Test
    void largeOutputIsReadWholeAndFailuresAreEmpty() throws IOException {
        GitCommands chatty = new GitCommands(Duration.ofSeconds(10), script("head -c 1000000 /dev/zero | tr '\\\\0' x").toString());
        assertEquals(1_000_000, chatty.run(dir, "log").orElseThrow().length());
        GitCommands failing = new GitCommands(Duration.ofSeconds(10), script("echo partial; exit 128").toString());
        assertEquals(Optional.empty(), failing.run(dir, "log"));
        GitCommands missing = new GitCommands(Duration.ofSeconds(10), dir.resolve("no-such-git").toString());
        assertEquals(Optional.empty(), missing.run(dir, "log"));
    }

    @Test
    void gitIsToldNotToTakeOptionalLocks() throws IOException {
        GitCommands git = new GitCommands(Duration.ofSeconds(10), script("echo \"$GIT_OPTIONAL_LOCKS $GIT_TERMINAL_PROMPT $1 $2 $3\"").toString());
        assertEquals("0 0 -C " + dir + " status", git.run(dir, "status").orElseThrow().strip());
    }

    @Test
    void anOutputPastItsCapIsCutAndGitStopped() throws IOException {
        GitCommands endless = new GitCommands(Duration.ofSeconds(10), script("yes line").toString());
        long begin = System.nanoTime();
        GitCommands.Output output = endless.capture(dir, java.util.Map.of(), 4096, "log").orElseThrow();
        assertTrue(output.truncated());
        assertEquals(4096, output.bytes().length);
        assertTrue((System.nanoTime() - begin) / 1_000_000 < 5_000, "stopped at the cap, not at the timeout");
        GitCommands conflicted = new GitCommands(Duration.ofSeconds(10), script("echo \"$GIT_OBJECT_DIRECTORY\"; exit 1").toString());
        GitCommands.Output merge = conflicted.capture(dir, java.util.Map.of("GIT_OBJECT_DIRECTORY", "/scratch"), 4096, "merge-tree")
                .orElseThrow();
        assertEquals(1, merge.exit(), "a non-zero exit is an answer, not a failure");
        assertEquals("/scratch", new String(merge.bytes()).strip(), "the environment given reaches git");
    }
}
