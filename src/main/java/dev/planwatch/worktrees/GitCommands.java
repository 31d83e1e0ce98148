package dev.planwatch.worktrees;

import dev.planwatch.config.PlanwatchConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs git (argv, never a shell) with a timeout. Blocking: callers run on worker threads. Empty when
 * git is missing, fails or is too slow; a wedged git is killed, never waited for.
 */
@ApplicationScoped
public class GitCommands {

    private static final Logger LOG = Logger.getLogger(GitCommands.class);

    private final Duration timeout;

    public GitCommands(PlanwatchConfig config) {
        this.timeout = config.git().commandTimeout();
    }

    public Optional<String> run(Path directory, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", directory.toString()));
        argv.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            LOG.debugf("git not runnable: %s", e.getMessage());
            return Optional.empty();
        }
        try (InputStream out = process.getInputStream()) {
            process.getOutputStream().close();
            // Read while waiting, so a large output cannot fill the pipe and wedge git.
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                LOG.warnf("git %s in %s timed out after %s", args.length > 0 ? args[0] : "", directory, timeout);
                return Optional.empty();
            }
            byte[] bytes = output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return process.exitValue() == 0 ? Optional.of(new String(bytes, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return Optional.empty();
        } catch (Exception e) {
            process.destroyForcibly();
            return Optional.empty();
        }
    }
}
