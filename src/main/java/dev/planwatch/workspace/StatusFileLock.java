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

    private StatusFileLock(Path lockDir) {
        this.lockDir = lockDir;
    }

    /** Takes the lock of {@code statusFile}, waiting up to {@code timeout}. */
    public static StatusFileLock acquire(Path statusFile, Duration timeout) throws IOException {
        Path lockDir = statusFile.resolveSibling(statusFile.getFileName() + ".lock");
        Files.createDirectories(statusFile.getParent());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Files.createDirectory(lockDir);
                return new StatusFileLock(lockDir);
            } catch (FileAlreadyExistsException held) {
                if (isStale(lockDir)) {
                    Files.deleteIfExists(lockDir);
                    continue;
                }
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
        Files.deleteIfExists(lockDir);
    }
}
