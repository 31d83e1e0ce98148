package dev.planwatch.workspace;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * The lock the orchestrator's own status tools take around every change of a status.json: the
 * directory {@code status.json.lock} beside it, made with an atomic mkdir. A lock older than
 * {@link #STALE_AFTER} belongs to a writer that died and is taken over. Every writer of a
 * status.json takes it, so no change made by one is lost to another's read-modify-write.
 */
public final class StatusFileLock implements AutoCloseable {

    /** A lock directory this old is a dead writer's. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(60);
    private static final long RETRY_MILLIS = 10;

    private final Path lockDir;
    /** The status file's directory held open, when the lock was taken in it; null when taken by path. */
    private final ContainedDirectory directory;

    private StatusFileLock(Path lockDir, ContainedDirectory directory) {
        this.lockDir = lockDir;
        this.directory = directory;
    }

    /**
     * Takes the lock of the status file {@code statusName} in {@code directory}, waiting up to
     * {@code timeout}. The lock directory is made and removed in that open directory, so a link
     * swapped in for its path while waiting is never followed ({@link ContainedDirectory.LeftWorkspaceException}).
     */
    public static StatusFileLock acquire(ContainedDirectory directory, String statusName, Duration timeout) throws IOException {
        String lockName = statusName + ".lock";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                directory.makeDirectory(lockName);
                return new StatusFileLock(directory.path().resolve(lockName), directory);
            } catch (FileAlreadyExistsException held) {
                FileTime modified = directory.modified(lockName);
                if (modified != null && modified.toInstant().isBefore(Instant.now().minus(STALE_AFTER))) {
                    directory.deleteDirectory(lockName);
                    continue;
                }
                waitOrGiveUp(deadline, directory.path().resolve(lockName));
            }
        }
    }

    private static void waitOrGiveUp(long deadline, Path lockDir) throws IOException {
        if (System.nanoTime() >= deadline) {
            throw new IOException("status.json is locked by another writer: " + lockDir);
        }
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + lockDir, e);
        }
    }

    /** Takes the lock of {@code statusFile}, waiting up to {@code timeout}. */
    public static StatusFileLock acquire(Path statusFile, Duration timeout) throws IOException {
        Path lockDir = statusFile.resolveSibling(statusFile.getFileName() + ".lock");
        Files.createDirectories(statusFile.getParent());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Files.createDirectory(lockDir);
                return new StatusFileLock(lockDir, null);
            } catch (FileAlreadyExistsException held) {
                if (isStale(lockDir)) {
                    Files.deleteIfExists(lockDir);
                    continue;
                }
                waitOrGiveUp(deadline, lockDir);
            }
        }
    }

    private static boolean isStale(Path lockDir) {
        try {
            FileTime modified = Files.getLastModifiedTime(lockDir);
            return modified.toInstant().isBefore(Instant.now().minus(STALE_AFTER));
        } catch (IOException e) {
            return false; // gone meanwhile: the next mkdir decides
        }
    }

    @Override
    public void close() throws IOException {
        if (directory != null) {
            directory.deleteDirectory(lockDir.getFileName().toString());
        } else {
            Files.deleteIfExists(lockDir);
        }
    }
}
