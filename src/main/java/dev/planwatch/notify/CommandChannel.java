package dev.planwatch.notify;

import dev.planwatch.config.ChildEnvironment;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A local command ({@code notify-send} wrapped in a script, say), run without a shell, given the
 * event as JSON on its standard input. One still running at the timeout is killed with its
 * descendants, so a hung command never piles up. Its output is discarded; a non-zero exit is a
 * failed attempt. Waiting for it happens on the channel's own threads.
 */
final class CommandChannel implements Channel {

    private final List<String> argv;
    private final Duration timeout;
    private final Set<String> events;
    private final Executor executor;

    CommandChannel(List<String> argv, Duration timeout, Set<String> events, Executor executor) {
        this.argv = List.copyOf(argv);
        this.timeout = timeout;
        this.events = events;
        this.executor = executor;
    }

    @Override
    public String name() {
        return "command";
    }

    @Override
    public Set<String> events() {
        return events;
    }

    @Override
    public CompletableFuture<SendResult> send(NotificationEvent event, byte[] json) {
        return CompletableFuture.supplyAsync(() -> run(json), executor);
    }

    private SendResult run(byte[] json) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            ChildEnvironment.removeSecrets(builder.environment());
            process = builder.start();
        } catch (IOException e) {
            return SendResult.retry("cannot run " + argv.get(0) + ": " + e.getMessage());
        }
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(json);
            } catch (IOException e) {
                // The command closed its input without reading it all; its exit status tells the rest.
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                return SendResult.retry("timed out after " + timeout.toMillis() + " ms; killed");
            }
            int exit = process.exitValue();
            return exit == 0 ? SendResult.DELIVERED : SendResult.retry("exited with status " + exit);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return SendResult.retry("interrupted (planwatch is stopping)");
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
