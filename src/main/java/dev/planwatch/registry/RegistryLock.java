package dev.planwatch.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The registry's lock, the one the orchestrators take: BSD {@code flock(2)} on
 * {@code orchestrator-registry.json.lock}. Java's own file locks are POSIX record locks, which on
 * Linux do not exclude {@code flock}, so the lock is held by a {@code flock(1)} child process for
 * the duration of the critical section. Where {@code flock(1)} is missing (not Linux), a Java lock
 * is taken instead, which excludes other planwatch processes only.
 */
public final class RegistryLock implements AutoCloseable {

    private static final String FLOCK = "/usr/bin/flock";

    private final Process holder;
    private final FileChannel channel;
    private final FileLock fileLock;

    private RegistryLock(Process holder, FileChannel channel, FileLock fileLock) {
        this.holder = holder;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Takes the lock, waiting at most {@code timeout}; throws {@link IOException} when it cannot. */
    public static RegistryLock acquire(Path lockFile, Duration timeout) throws IOException {
        if (!Files.exists(lockFile)) {
            Files.createDirectories(lockFile.getParent());
            try {
                Files.createFile(lockFile);
            } catch (java.nio.file.FileAlreadyExistsException ignored) {
                // created concurrently: fine
            }
        }
        String flock = flockBinary();
        if (flock != null) {
            return viaFlock(flock, lockFile, timeout);
        }
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new RegistryLock(null, channel, lock);
            }
            if (System.nanoTime() > deadline) {
                channel.close();
                throw new IOException("registry lock not acquired within " + timeout);
            }
            sleepBriefly();
        }
    }

    private static RegistryLock viaFlock(String flock, Path lockFile, Duration timeout) throws IOException {
        String seconds = Double.toString(Math.max(0.1, timeout.toMillis() / 1000.0));
        // flock takes the lock, then runs `head -c 1`: it holds the lock until its stdin closes.
        Process holder = new ProcessBuilder(flock, "-x", "-w", seconds, lockFile.toString(),
                "sh", "-c", "echo locked; head -c 1 >/dev/null")
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"locked".equals(line)) {
            holder.destroyForcibly();
            throw new IOException("registry lock not acquired within " + timeout);
        }
        return new RegistryLock(holder, null, null);
    }

    private static String flockBinary() {
        return Files.isExecutable(Path.of(FLOCK)) ? FLOCK : null;
    }

    private static void sleepBriefly() throws IOException {
        try {
            TimeUnit.MILLISECONDS.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the registry lock", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (holder != null) {
            try (OutputStream in = holder.getOutputStream()) {
                in.write('x');
            } catch (IOException ignored) {
                // the holder is gone already: so is its lock
            }
            try {
                if (!holder.waitFor(2, TimeUnit.SECONDS)) {
                    holder.destroyForcibly();
                }
            } catch (InterruptedException e) {
                holder.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        } else {
            fileLock.release();
            channel.close();
        }
    }
}
