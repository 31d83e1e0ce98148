package dev.planwatch.live;

import dev.planwatch.workspace.FileStamp;
import dev.planwatch.workspace.Workspace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last stamp (size, time, inode) of each plan's orchestrator log, to notice that it grew: a log
 * changed when it appeared, or its size, time or inode moved (a rewrite may keep the size). A log
 * that went is forgotten, so its return counts as a change.
 */
final class LogStamps {

    private final Workspace workspace;
    private final Map<String, FileStamp> stamps = new ConcurrentHashMap<>();

    LogStamps(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * Looks at every log in the logs directory (the workspace root, or the cluster mirror) and every
     * log stamped before; returns the plans whose log changed since it was last looked at. Nothing
     * when that directory cannot be listed.
     */
    List<String> scan() {
        Set<String> present = new HashSet<>();
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(workspace.logsDir(), Workspace.logGlob())) {
            for (Path log : logs) {
                Workspace.planOfLog(log.getFileName().toString()).ifPresent(present::add);
            }
        } catch (IOException e) {
            return List.of();
        }
        present.addAll(stamps.keySet());
        List<String> changed = new ArrayList<>();
        for (String plan : present) {
            if (changed(plan)) {
                changed.add(plan);
            }
        }
        return changed;
    }

    /** Stamps the plan's log again; true when it exists and its stamp differs from the last one. */
    boolean changed(String plan) {
        Optional<FileStamp> stamp = FileStamp.of(workspace.logFile(plan));
        FileStamp previous = stamp.isEmpty() ? stamps.remove(plan) : stamps.put(plan, stamp.get());
        return stamp.isPresent() && !stamp.get().equals(previous);
    }
}
