package dev.planwatch.logs;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.api.QueryValues;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.workspace.Timestamps;
import dev.planwatch.workspace.Workspace;

import io.quarkus.runtime.annotations.RegisterForReflection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The rules of the logs endpoint: which file, how many lines, since when. */
@ApplicationScoped
public class LogService {

    /** {@code GET /api/plans/{name}/logs}. */
    @RegisterForReflection
    public record LogsResponse(String plan, String logFile, int lineCount, List<String> logs) {
    }

    /** Tails read at once; each holds at most {@link LogReader#MAX_TAIL_BYTES} of lines. */
    static final int CONCURRENT_READS = 2;
    private static final Duration READ_WAIT = Duration.ofSeconds(5);

    private final Semaphore reads = new Semaphore(CONCURRENT_READS, true);
    private final Workspace workspace;
    private final PlanCatalog catalog;
    private final LogFollowers followers;
    private final PlanwatchConfig.Logs config;

    public LogService(Workspace workspace, LogFollowers followers, PlanwatchConfig config, PlanCatalog catalog) {
        this.workspace = workspace;
        this.catalog = catalog;
        this.followers = followers;
        this.config = config.logs();
    }

    public LogsResponse tail(String plan, String lines, String since) {
        int count = lineCount(lines);
        Optional<Instant> from = since(since);
        Path file = workspace.logFile(plan);
        Path real = workspace.containedFile(file).orElseThrow(() -> notFound(plan));
        List<String> logs = boundedReading(plan, () -> LogReader.tail(real, count, from, true))
                .lines().stream().map(LogLine::content).toList();
        return new LogsResponse(plan, workspace.relative(file), logs.size(), logs);
    }

    /**
     * Follows the plan's log. A plan that has no log yet (its orchestrator has not started) is
     * followed as {@code tail -F} would: the stream opens and its lines come once the log appears.
     */
    public void follow(String plan, String lines, String lastEventId, SseEventSink sink, Sse sse) {
        int count = lineCount(lines);
        Optional<Long> resumeAt = lastEventId(lastEventId);
        Path file = workspace.logFile(plan);
        boolean logExists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (logExists ? workspace.containedFile(file).isEmpty() : catalog.snapshot().plan(plan).isEmpty()) {
            throw notFound(plan);
        }
        boundedReading(plan, () -> {
            followers.follow(plan, file, count, resumeAt, sink, sse);
            return null;
        });
    }

    /** A read of the log that may hold up to a tail's worth of memory. */
    private interface LogRead<T> {
        T run() throws IOException;
    }

    /**
     * Runs a tail while fewer than {@link #CONCURRENT_READS} others run, so that memory for tails is
     * bounded however many requests arrive; past {@link #READ_WAIT} of waiting the client is told to
     * come back (503 {@code LOGS_BUSY}).
     */
    private <T> T boundedReading(String plan, LogRead<T> read) {
        boolean acquired = false;
        try {
            acquired = reads.tryAcquire(READ_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (!acquired) {
                throw new ApiException(ErrorCode.LOGS_BUSY, "Too many log reads at once; try again", Map.of("plan", plan));
            }
            return read.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.LOGS_BUSY, "Log read interrupted", Map.of("plan", plan));
        } catch (IOException e) {
            throw notFound(plan);
        } finally {
            if (acquired) {
                reads.release();
            }
        }
    }

    private static ApiException notFound(String plan) {
        return new ApiException(ErrorCode.LOGS_NOT_FOUND, "No logs found for plan: " + plan, Map.of("plan", plan));
    }

    int lineCount(String lines) {
        return QueryValues.boundedInt("lines", lines, config.defaultLines(), 1, config.maxLines());
    }

    static Optional<Instant> since(String since) {
        if (since == null || since.isBlank()) {
            return Optional.empty();
        }
        Optional<Instant> parsed = Timestamps.parse(since);
        if (parsed.isEmpty()) {
            throw ApiException.invalid("since must be an ISO-8601 date or date-time", "since");
        }
        return parsed;
    }

    static Optional<Long> lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            long offset = Long.parseLong(header.trim());
            if (offset >= 0) {
                return Optional.of(offset);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid("Last-Event-ID must be a byte offset sent by this stream", "Last-Event-ID");
    }
}
