package dev.planwatch.workspace;

import dev.planwatch.config.ChildEnvironment;
import dev.planwatch.config.PlanwatchConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs git (argv, never a shell) with a timeout. Blocking: callers run on worker threads. Empty when
 * git is missing, fails or is too slow; a wedged git is killed, never waited for.
 */
@ApplicationScoped
public class GitCommands {

    private static final Logger LOG = Logger.getLogger(GitCommands.class);

    private final Duration timeout;
    private final String executable;

    @Inject
    public GitCommands(PlanwatchConfig config) {
        this(config.git().commandTimeout(), "git");
    }

    GitCommands(Duration timeout, String executable) {
        this.timeout = timeout;
        this.executable = executable;
    }

    /** What a git command that changes the repository did: its exit code and its output, errors included. */
    public record Outcome(int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * What a git command wrote to stdout, at most {@code maxBytes} of it, and its exit code.
     *
     * @param exit      git's exit code (-1 when it was stopped at the output cap)
     * @param truncated the output went past the cap: git was stopped and only the first bytes are here
     */
    public record Output(int exit, byte[] bytes, boolean truncated) {
    }

    /** Runs a read-only git command: its standard output when it succeeds. */
    public Optional<String> run(Path directory, String... args) {
        return capture(directory, Map.of(), Integer.MAX_VALUE, args)
                .filter(output -> output.exit() == 0)
                .map(output -> new String(output.bytes(), StandardCharsets.UTF_8));
    }

    /**
     * Runs a git command that changes the repository (worktree add/remove, branch -d), taking git's
     * locks as git does; empty when git is missing or too slow.
     */
    public Optional<Outcome> change(Path directory, String... args) {
        return execute(directory, false, Map.of(), Integer.MAX_VALUE, args)
                .map(output -> new Outcome(output.exit(), new String(output.bytes(), StandardCharsets.UTF_8)));
    }

    /**
     * Runs a read-only git command with {@code environment} added, reading at most {@code maxBytes}
     * of its output: past that git is killed and the output marked truncated, so no command can fill
     * the heap. Empty when git is missing or timed out.
     */
    public Optional<Output> capture(Path directory, Map<String, String> environment, int maxBytes, String... args) {
        return execute(directory, true, environment, maxBytes, args);
    }

    private Optional<Output> execute(Path directory, boolean readOnly, Map<String, String> environment, int maxBytes,
                                     String... args) {
        List<String> argv = new ArrayList<>(List.of(executable, "-C", directory.toString()));
        argv.addAll(List.of(args));
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(argv);
            ChildEnvironment.removeSecrets(builder.environment());
            if (readOnly) {
                // Read-only for real: no index.lock taken by `git status` under the user's feet.
                builder.environment().put("GIT_OPTIONAL_LOCKS", "0");
                builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            } else {
                builder.redirectErrorStream(true);
            }
            builder.environment().put("GIT_TERMINAL_PROMPT", "0");
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            LOG.debugf("git not runnable: %s", e.getMessage());
            return Optional.empty();
        }
        // Read on this thread while a timer stands ready to kill a wedged git; reading as it writes
        // means a large output can never fill the pipe and stall it.
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
            if (process.isAlive()) {
                timedOut.set(true);
                kill(process);
            }
        }, CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
        try (InputStream out = process.getInputStream()) {
            process.getOutputStream().close();
            byte[] bytes = out.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
            boolean truncated = bytes.length > maxBytes;
            if (truncated) {
                kill(process);
                bytes = Arrays.copyOf(bytes, maxBytes);
            }
            int exit = process.waitFor();
            if (timedOut.get()) {
                LOG.warnf("git %s in %s timed out after %s", args.length > 0 ? args[0] : "", directory, timeout);
                return Optional.empty();
            }
            return Optional.of(new Output(truncated ? -1 : exit, bytes, truncated));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return Optional.empty();
        } catch (IOException e) {
            process.destroyForcibly();
            return Optional.empty();
        } finally {
            watchdog.cancel(false);
        }
    }

    private static void kill(Process process) {
        // Its children too: one of them holding the pipe open would keep the read waiting.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
