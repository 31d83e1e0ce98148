package dev.planwatch.logs;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.QueryValues;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.workspace.Timestamps;
import dev.planwatch.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rules of the logs endpoint: which file, how many lines, since when. */
@ApplicationScoped
public class LogService {

    /** {@code GET /api/plans/{name}/logs}. */
    public record LogsResponse(String plan, String logFile, int lineCount, List<String> logs) {
    }

    private final Workspace workspace;
    private final LogFollowers followers;
    private final PlanwatchConfig.Logs config;

    public LogService(Workspace workspace, LogFollowers followers, PlanwatchConfig config) {
        this.workspace = workspace;
        this.followers = followers;
        this.config = config.logs();
    }

    public LogsResponse tail(String plan, String lines, String since) {
        int count = lineCount(lines);
        Optional<Instant> from = since(since);
        Path file = existingLog(plan);
        try {
            List<String> logs = LogReader.tail(file, count, from, true).lines().stream().map(LogLine::content).toList();
            return new LogsResponse(plan, workspace.relative(file), logs.size(), logs);
        } catch (IOException e) {
            throw notFound(plan);
        }
    }

    public void follow(String plan, String lines, String lastEventId, SseEventSink sink, Sse sse) {
        int count = lineCount(lines);
        Optional<Long> resumeAt = lastEventId(lastEventId);
        Path file = existingLog(plan);
        try {
            followers.follow(plan, file, count, resumeAt, sink, sse);
        } catch (IOException e) {
            throw notFound(plan);
        }
    }

    private Path existingLog(String plan) {
        Path file = workspace.logFile(plan);
        if (!Files.isRegularFile(file) || !workspace.isContained(file)) {
            throw notFound(plan);
        }
        return file;
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
