package dev.planwatch.live;

import dev.planwatch.workspace.GitBranches;
import dev.planwatch.workspace.GitWorkflow;
import dev.planwatch.workspace.Workspace;
import dev.planwatch.workspace.Worktree;
import dev.planwatch.workspace.WorktreeReader;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The change detector's watches: which directories matter, their {@link WatchKey}s, and the
 * directory each key stands for. A directory that does not exist yet is registered by a later
 * update; a key whose directory went is dropped when it can no longer be reset.
 */
final class WatchRegistrations {

    private static final Logger LOG = Logger.getLogger(WatchRegistrations.class);

    private final WatchService service;
    private final Workspace workspace;
    private final WorktreeReader worktreeReader;
    private final GitBranches gitBranches;
    private final Duration pollInterval;
    private final Map<WatchKey, Path> watchedDirs = new ConcurrentHashMap<>();
    /** A directory that matters could not be watched (and has been warned about). */
    private final AtomicBoolean incomplete = new AtomicBoolean();

    private WatchRegistrations(WatchService service, Workspace workspace, WorktreeReader worktreeReader,
                               GitBranches gitBranches, Duration pollInterval) {
        this.service = service;
        this.workspace = workspace;
        this.worktreeReader = worktreeReader;
        this.gitBranches = gitBranches;
        this.pollInterval = pollInterval;
    }

    /** A watch service on the workspace's file system, nothing registered yet. */
    static WatchRegistrations open(Workspace workspace, WorktreeReader worktreeReader, GitBranches gitBranches,
                                   Duration pollInterval) throws IOException {
        return new WatchRegistrations(workspace.root().getFileSystem().newWatchService(), workspace, worktreeReader,
                gitBranches, pollInterval);
    }

    /**
     * Registers every directory whose changes matter that is not watched yet, calling
     * {@code registered} with each one as soon as its watch exists. False when one of them could
     * not be watched (typically the inotify watch limit): changes there are seen only by polling.
     */
    boolean update(GitWorkflow gitWorkflow, Consumer<Path> registered) {
        Set<Path> have = new HashSet<>(watchedDirs.values());
        boolean unwatched = false;
        for (Path dir : wanted(gitWorkflow)) {
            if (!have.contains(dir) && Files.isDirectory(dir)) {
                try {
                    synchronized (watchedDirs) {
                        WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                        watchedDirs.put(key, dir);
                    }
                    registered.accept(dir);
                } catch (ClosedWatchServiceException e) {
                    return true; // shutting down
                } catch (IOException e) {
                    if (incomplete.compareAndSet(false, true)) {
                        LOG.warnf("Cannot watch %s (%s); polling every %s until every directory is watched", dir,
                                e.getMessage(), pollInterval);
                    }
                    unwatched = true;
                }
            }
        }
        if (!unwatched) {
            incomplete.set(false);
        }
        return !unwatched;
    }

    /** The directories whose changes matter. */
    private Set<Path> wanted(GitWorkflow gitWorkflow) {
        Set<Path> wanted = new HashSet<>();
        wanted.add(workspace.root());
        wanted.add(workspace.claudeDir());
        wanted.add(workspace.plansDir());
        wanted.add(workspace.outputsDir());
        addChildren(workspace.outputsDir(), wanted);
        // The cluster mirror, outside the root: its logs, and its outputs directory once made.
        wanted.add(workspace.logsDir());
        worktreeReader.commonDir().ifPresent(common -> {
            wanted.add(common);
            wanted.add(common.resolve("worktrees"));
            // each worktree's administrative files: git writes its gitdir and HEAD after creating the directory
            addChildren(common.resolve("worktrees"), wanted);
        });
        // Plan worktrees appear here before git has finished adding them.
        Path worktreesDir = workspace.worktreesDir(gitWorkflow);
        if (worktreesDir.startsWith(workspace.root()) && !worktreesDir.equals(workspace.root())) {
            wanted.add(worktreesDir);
            addChildren(worktreesDir, wanted);
        }
        // Branches live in refs/heads and its directories (refs/heads/plan/ for plan branches).
        wanted.addAll(gitBranches.refDirectories());
        for (Worktree worktree : worktreeReader.list()) {
            if (!worktree.main() && workspace.isContained(worktree.path())) {
                // Every directory down to the outputs: those not made yet (the status tools' init, an
                // orchestrator's first write) are seen as they are created, not at the next safety poll.
                Path outputs = workspace.outputsDirIn(worktree.path());
                for (Path dir = outputs; dir.startsWith(worktree.path()); dir = dir.getParent()) {
                    wanted.add(dir);
                }
                wanted.add(worktree.path().resolve(".claude"));
                addChildren(outputs, wanted);
            }
        }
        return wanted;
    }

    private static void addChildren(Path dir, Set<Path> into) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : children) {
                into.add(child);
            }
        } catch (IOException e) {
            // a vanished directory has nothing to watch
        }
    }

    /** The next signalled key; throws {@link ClosedWatchServiceException} once closed. */
    WatchKey take() throws InterruptedException {
        return service.take();
    }

    /** The directory {@code key} watches, or null when it is no longer recorded (its directory went). */
    Path directory(WatchKey key) {
        // A key is signalled as soon as it is registered: wait for its directory to be recorded.
        synchronized (watchedDirs) {
            return watchedDirs.get(key);
        }
    }

    /** Readies {@code key} for its next events; forgets it when its directory is no longer watchable. */
    void reset(WatchKey key) {
        if (!key.reset()) {
            watchedDirs.remove(key);
        }
    }

    int size() {
        return watchedDirs.size();
    }

    void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // closing on the way out
        }
    }
}
