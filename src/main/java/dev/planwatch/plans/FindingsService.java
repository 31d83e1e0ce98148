package dev.planwatch.plans;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.plans.catalog.StatusRecords;
import dev.planwatch.plans.catalog.TaskView;
import dev.planwatch.workspace.Names;
import dev.planwatch.workspace.Timestamps;
import dev.planwatch.workspace.Workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists and resolves findings files. Real directories mix naming styles ({@code 1.1.md},
 * {@code 1-1.md}, {@code 2-3-slug.md}, {@code 1.1-slug.md}, {@code V1-summary.md}, ...), so a task id
 * is resolved fuzzily, exact names first. Runs on worker threads (disk I/O).
 */
@ApplicationScoped
public class FindingsService {

    /** Real findings are at most 48 KB; larger files are cut here rather than sent whole. */
    static final int MAX_CONTENT_BYTES = 1024 * 1024;

    private static final Pattern LEADING_ID = Pattern.compile("^([A-Za-z]*\\d+(?:[.-]\\d+)?)(?=$|[-.])");

    private final Workspace workspace;

    private final StatusRecords records;

    public FindingsService(Workspace workspace, StatusRecords records) {
        this.workspace = workspace;
        this.records = records;
    }

    public List<PlanResponses.FindingItem> list(PlanView plan) {
        List<Path> files = findingFiles(plan.name());
        List<TaskView> tasks = files.isEmpty() ? List.of() : records.of(plan).tasks();
        List<String> ids = knownIds(tasks);
        List<PlanResponses.FindingItem> items = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                items.add(new PlanResponses.FindingItem(taskIdOf(file.getFileName().toString(), ids, tasks),
                        workspace.relative(file), attributes.size(),
                        Timestamps.format(attributes.lastModifiedTime().toInstant())));
            } catch (IOException e) {
                // vanished between listing and stat: not a finding any more
            }
        }
        return items;
    }

    public PlanResponses.Finding read(PlanView plan, String taskId) {
        Path file = resolve(plan, taskId).orElseThrow(() -> new ApiException(ErrorCode.FINDING_NOT_FOUND,
                "No finding for task " + taskId + " of plan " + plan.name(), Map.of("plan", plan.name(), "taskId", taskId)));
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_CONTENT_BYTES + 1);
            boolean truncated = bytes.length > MAX_CONTENT_BYTES;
            int length = truncated ? MAX_CONTENT_BYTES : bytes.length;
            return new PlanResponses.Finding(plan.name(), taskId, workspace.relative(file),
                    new String(bytes, 0, length, StandardCharsets.UTF_8), truncated);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.FINDING_NOT_FOUND, "Finding for task " + taskId + " is not readable",
                    Map.of("plan", plan.name(), "taskId", taskId));
        }
    }

    Optional<Path> resolve(PlanView plan, String taskId) {
        List<Path> files = findingFiles(plan.name());
        String hyphenated = taskId.replace('.', '-');
        for (String exact : List.of(taskId + ".md", hyphenated + ".md")) {
            Optional<Path> match = files.stream().filter(f -> f.getFileName().toString().equals(exact)).findFirst();
            if (match.isPresent()) {
                return match;
            }
        }
        for (String prefix : List.of(taskId + "-", hyphenated + "-", taskId + ".")) {
            Optional<Path> match = files.stream().filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst();
            if (match.isPresent()) {
                return match;
            }
        }
        return records.of(plan).tasks().stream()
                .filter(t -> taskId.equals(t.id()) && t.findingsPath() != null)
                .findFirst()
                .flatMap(t -> findingsPathFile(plan.name(), t.findingsPath()));
    }

    private Optional<Path> findingsPathFile(String plan, String findingsPath) {
        List<Path> candidates = List.of(
                workspace.findingsDir(plan).resolve(findingsPath),
                workspace.outputDir(plan).resolve(findingsPath),
                workspace.root().resolve(findingsPath));
        for (Path candidate : candidates) {
            Path normalized = candidate.normalize();
            if (Files.isRegularFile(normalized) && workspace.isContained(normalized)) {
                return Optional.of(workspace.contained(normalized));
            }
        }
        return Optional.empty();
    }

    private List<Path> findingFiles(String plan) {
        Path dir = workspace.findingsDir(plan);
        if (!Files.isDirectory(dir) || !workspace.isContained(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.md")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && workspace.isContained(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    private static List<String> knownIds(List<TaskView> tasks) {
        return tasks.stream()
                .map(TaskView::id)
                .filter(Names::isTaskId)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** The task a findings file belongs to: by findingsPath, else the longest known id it names, else its leading id. */
    static String taskIdOf(String fileName, List<String> knownIds, List<TaskView> tasks) {
        for (TaskView task : tasks) {
            if (task.findingsPath() != null && fileName.equals(Names.stemOf(task.findingsPath()) + ".md")) {
                return task.id();
            }
        }
        String stem = fileName.endsWith(".md") ? fileName.substring(0, fileName.length() - 3) : fileName;
        for (String id : knownIds) {
            String hyphenated = id.replace('.', '-');
            if (stem.equals(id) || stem.equals(hyphenated) || stem.startsWith(id + "-")
                    || stem.startsWith(hyphenated + "-") || stem.startsWith(id + ".")) {
                return id;
            }
        }
        Matcher leading = LEADING_ID.matcher(stem);
        return leading.find() ? leading.group(1).replace('-', '.') : stem;
    }
}
