package dev.planwatch.workspace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.planwatch.config.PlanwatchConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads status.json files (read-only, always) with Jackson's streaming parser: no tree of the
 * whole file is built, and keys planwatch does not serve are skipped unread. Keeps nothing: what
 * stays in memory of a status.json is decided by its callers.
 */
@ApplicationScoped
public class StatusFileReader {

    /** The default of {@code planwatch.status-max-size}. */
    public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024;

    private final JsonFactory factory;
    private final long maxBytes;

    /** A reader of files up to {@link #DEFAULT_MAX_BYTES}. */
    public StatusFileReader(ObjectMapper mapper) {
        this(mapper, DEFAULT_MAX_BYTES);
    }

    public StatusFileReader(ObjectMapper mapper, long maxBytes) {
        this.factory = mapper.getFactory();
        this.maxBytes = maxBytes;
    }

    @Inject
    public StatusFileReader(ObjectMapper mapper, PlanwatchConfig config) {
        this(mapper, config.statusMaxSize().asLongValue());
    }

    /** The largest file read; a bigger one is an error without being read. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The file parsed now, or empty when it does not exist; a version that cannot be parsed has a null value and an error. */
    public Optional<ParsedFile<StatusDocument>> readNow(Path statusFile) {
        return FileParseCache.readOnce(statusFile, this::parse, maxBytes);
    }

    /**
     * Parses status.json bytes (as read from disk, or as just written). Values are tolerant: a
     * number or boolean where text is expected is taken as its text, an object or array as absent;
     * a task that is not an object is left out but still counts for the {@code #n} id of a task
     * without one.
     */
    public StatusDocument parse(byte[] content) throws IOException {
        try (JsonParser parser = factory.createParser(content)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("status.json is not a JSON object");
            }
            String planPath = null;
            String planName = null;
            String createdAt = null;
            String lastUpdatedAt = null;
            String currentPhase = null;
            List<StatusDocument.Task> tasks = List.of();
            List<StatusDocument.Run> runs = List.of();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "planPath" -> planPath = text(parser);
                    case "planName" -> planName = text(parser);
                    case "createdAt" -> createdAt = text(parser);
                    case "lastUpdatedAt" -> lastUpdatedAt = text(parser);
                    case "currentPhase" -> currentPhase = text(parser);
                    case "tasks" -> {
                        if (value == JsonToken.START_ARRAY) {
                            tasks = tasks(parser);
                        } else if (value == JsonToken.VALUE_NULL) {
                            tasks = List.of();
                        } else {
                            throw new IllegalArgumentException("status.json 'tasks' is not an array");
                        }
                    }
                    case "runs" -> runs = value == JsonToken.START_ARRAY ? runs(parser) : skip(parser, List.of());
                    default -> parser.skipChildren();
                }
            }
            return new StatusDocument(planPath, planName, createdAt, lastUpdatedAt, currentPhase, tasks, runs);
        }
    }

    private static List<StatusDocument.Task> tasks(JsonParser parser) throws IOException {
        List<StatusDocument.Task> tasks = new ArrayList<>();
        int index = 0;
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            index++;
            if (item != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            TaskFields task = new TaskFields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "id" -> task.id = text(parser);
                    case "phase" -> task.phase = text(parser);
                    case "description" -> task.description = text(parser);
                    case "title" -> task.title = text(parser);
                    case "status" -> task.status = text(parser);
                    case "startedAt" -> task.startedAt = text(parser);
                    case "completedAt" -> task.completedAt = text(parser);
                    case "failedAt" -> task.failedAt = text(parser);
                    case "duration" -> task.duration = longValue(parser);
                    case "notes" -> task.notes = text(parser);
                    case "error" -> task.error = text(parser);
                    case "lastError" -> task.lastError = text(parser);
                    case "findingsPath" -> task.findingsPath = text(parser);
                    case "dependencies" -> task.dependencies = texts(parser);
                    case "retryCount" -> task.retryCount = intValue(parser);
                    default -> parser.skipChildren();
                }
            }
            tasks.add(task.build(index));
        }
        return List.copyOf(tasks);
    }

    /** One task's fields as they come; a key given twice keeps its last value, as a JSON tree would. */
    private static final class TaskFields {
        String id;
        String phase;
        String description;
        String title;
        String status;
        String startedAt;
        String completedAt;
        String failedAt;
        Long duration;
        String notes;
        String error;
        String lastError;
        String findingsPath;
        List<String> dependencies = List.of();
        Integer retryCount;

        StatusDocument.Task build(int index) {
            return new StatusDocument.Task(id == null ? "#" + index : id, phase, description != null ? description : title,
                    status, startedAt, completedAt, failedAt, duration, notes, error != null ? error : lastError,
                    findingsPath, dependencies, retryCount);
        }
    }

    private static List<StatusDocument.Run> runs(JsonParser parser) throws IOException {
        List<StatusDocument.Run> runs = new ArrayList<>();
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            if (item != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            String runId = null;
            String id = null;
            String startedAt = null;
            String completedAt = null;
            Integer tasksCompleted = null;
            Integer tasksFailed = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "runId" -> runId = text(parser);
                    case "id" -> id = text(parser);
                    case "startedAt" -> startedAt = text(parser);
                    case "completedAt" -> completedAt = text(parser);
                    case "tasksCompleted" -> tasksCompleted = intValue(parser);
                    case "tasksFailed" -> tasksFailed = intValue(parser);
                    default -> parser.skipChildren();
                }
            }
            runs.add(new StatusDocument.Run(runId != null ? runId : id, startedAt, completedAt, tasksCompleted, tasksFailed));
        }
        return List.copyOf(runs);
    }

    private static <T> T skip(JsonParser parser, T value) throws IOException {
        parser.skipChildren();
        return value;
    }

    /** The current value as text: numbers and booleans as their text, null and containers as null (skipped). */
    private static String text(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberValue().toString();
            case VALUE_NUMBER_FLOAT -> Double.toString(parser.getDoubleValue());
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            default -> skip(parser, null);
        };
    }

    /** The current value as a whole number: a number (a fraction cut), or text holding one; else null. */
    private static Long longValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_NUMBER_INT -> parser.getNumberValue().longValue();
            case VALUE_NUMBER_FLOAT -> (long) parser.getDoubleValue();
            case VALUE_STRING -> {
                try {
                    yield Long.parseLong(parser.getText().trim());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            default -> skip(parser, null);
        };
    }

    private static Integer intValue(JsonParser parser) throws IOException {
        Long value = longValue(parser);
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    /** An array's scalar items as text (numbers and booleans as their text, other items left out); empty otherwise. */
    private static List<String> texts(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            return skip(parser, List.of());
        }
        List<String> items = new ArrayList<>();
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            String text = text(parser);
            if (text != null) {
                items.add(text);
            }
        }
        return List.copyOf(items);
    }
}
