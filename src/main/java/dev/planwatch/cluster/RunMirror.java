package dev.planwatch.cluster;

import dev.planwatch.workspace.StatusFileLock;
import dev.planwatch.workspace.StatusFileWriter;
import dev.planwatch.workspace.Workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's copy of its runs' files, in the workspace's mirror: each plan's status.json and
 * orchestrator log, laid out as a checkout, so the catalog, the change detector, the sockets and the
 * log streams serve them as they serve a local plan's.
 * <p>
 * A plan's mirrored log holds its runs one after another, as a local log holds a laptop's runs: each
 * run's part starts at a byte offset (its <em>base</em>) recorded in {@code relay/<plan>.run} with
 * the run's id, so a run's own log offsets (the sidecar's SSE ids, the pods/log API's bytes) are the
 * mirror's minus that base, across hub restarts too.
 * <p>
 * Every replacement is a temporary file renamed over; a status.json is replaced under its lock, as
 * the orchestrator's status tools change it; the log only grows by appends, except when the run's
 * own log was rewritten. Calls for one plan are serialised here.
 */
@ApplicationScoped
public class RunMirror {

    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);
    private static final String MARKERS = "relay";

    private final Workspace workspace;
    private final Map<String, Object> planLocks = new ConcurrentHashMap<>();
    /** The markers as last read or written: a log line's append does not read the file again. */
    private final Map<String, Segment> segments = new ConcurrentHashMap<>();

    public RunMirror(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The run whose part the plan's log ends with, and where that part starts. */
    record Segment(String run, long base) {
    }

    private Object lockOf(String plan) {
        return planLocks.computeIfAbsent(plan, key -> new Object());
    }

    private Path mirror() {
        return workspace.mirror().orElseThrow(() -> new IllegalStateException("no cluster mirror: the launcher is not kubernetes"));
    }

    private Path markerFile(String plan) {
        return mirror().resolve(MARKERS).resolve(plan + ".run");
    }

    /** The run the plan's mirrored log ends with, if any has been relayed. */
    Optional<Segment> segment(String plan) {
        synchronized (lockOf(plan)) {
            Segment known = segments.get(plan);
            if (known != null) {
                return Optional.of(known);
            }
            try {
                List<String> lines = Files.readAllLines(markerFile(plan), StandardCharsets.UTF_8);
                if (lines.size() < 2) {
                    return Optional.empty();
                }
                Segment read = new Segment(lines.get(0), Long.parseLong(lines.get(1).strip()));
                segments.put(plan, read);
                return Optional.of(read);
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * The part of the plan's log that belongs to {@code run}: the one recorded when it is this run's,
     * else a new part starting at the log's end now (a new run's log starts empty in its checkout).
     */
    Segment segmentOf(String plan, String run) throws IOException {
        synchronized (lockOf(plan)) {
            Optional<Segment> current = segment(plan);
            if (current.isPresent() && current.get().run().equals(run) && current.get().base() <= logSize(plan)) {
                return current.get();
            }
            Segment started = new Segment(run, logSize(plan));
            StatusFileWriter.replace(markerFile(plan), (run + "\n" + started.base() + "\n").getBytes(StandardCharsets.UTF_8));
            segments.put(plan, started);
            return started;
        }
    }

    long logSize(String plan) {
        try {
            return Files.size(workspace.logFile(plan));
        } catch (IOException e) {
            return 0; // none yet
        }
    }

    /** Appends {@code bytes} to the plan's mirrored log, when its part still belongs to {@code run}; false otherwise. */
    boolean append(String plan, String run, byte[] bytes) throws IOException {
        synchronized (lockOf(plan)) {
            if (!segment(plan).map(s -> s.run().equals(run)).orElse(false)) {
                return false;
            }
            try (OutputStream out = appending(plan)) {
                out.write(bytes);
            }
            return true;
        }
    }

    /**
     * Appends what {@code source} holds past the {@code have} bytes of the run's part, which it
     * starts with (the pods/log API's copy of the run's log); the number of bytes appended.
     */
    long appendRest(String plan, String run, InputStream source) throws IOException {
        synchronized (lockOf(plan)) {
            Optional<Segment> segment = segment(plan).filter(s -> s.run().equals(run));
            if (segment.isEmpty()) {
                return 0;
            }
            long have = logSize(plan) - segment.get().base();
            try {
                source.skipNBytes(have);
            } catch (EOFException e) {
                return 0; // the API's copy is no longer than the mirror's: nothing is missing
            }
            long appended = 0;
            try (OutputStream out = appending(plan)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = source.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    appended += n;
                }
            }
            return appended;
        }
    }

    private OutputStream appending(String plan) throws IOException {
        return Files.newOutputStream(workspace.logFile(plan), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** The run's own log was rewritten (the sidecar's stream reset): its part of the mirror is dropped, to start again. */
    void restartPart(String plan, String run) throws IOException {
        synchronized (lockOf(plan)) {
            Optional<Segment> segment = segment(plan).filter(s -> s.run().equals(run));
            Path log = workspace.logFile(plan);
            if (segment.isEmpty() || logSize(plan) <= segment.get().base()) {
                return;
            }
            Path tmp = temporary(log);
            try (FileChannel in = FileChannel.open(log, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                 FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long base = segment.get().base();
                for (long done = 0; done < base; ) {
                    done += in.transferTo(done, base - done, out);
                }
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Replaces the plan's mirrored status.json with {@code bytes} unless it already holds them;
     * whether it changed. Under the file's lock, as every writer of a status.json.
     */
    boolean writeStatus(String plan, byte[] bytes) throws IOException {
        synchronized (lockOf(plan)) {
            Path file = workspace.statusFile(plan);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(Files.readAllBytes(file), bytes)) {
                return false;
            }
            Files.createDirectories(file.getParent());
            try (StatusFileLock ignored = StatusFileLock.acquire(file, LOCK_TIMEOUT)) {
                StatusFileWriter.replace(file, bytes);
            }
            return true;
        }
    }

    private static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp." + ProcessHandle.current().pid());
    }
}
