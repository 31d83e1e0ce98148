package dev.planwatch.plans;

import dev.planwatch.workspace.Workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the workspace fits the JVM's heap, decided before the first scan: planwatch keeps every
 * plan's tasks in memory, which takes about twice the size of the status.json files plus a fixed
 * part (measured: 60 MB of status.json, 1,000 plans of 200 tasks, hold 131 MB after a full GC).
 * A workspace that does not fit stops the start with the figures and the setting to change,
 * rather than an OutOfMemoryError half-way through.
 */
@ApplicationScoped
public class HeapBudget {

    static final long FIXED_BYTES = 16L << 20;
    static final int HEAP_BYTES_PER_STATUS_BYTE = 2;
    /** The part of the heap the catalog may fill; the rest serves requests and gives the GC room. */
    static final double USABLE_SHARE = 0.9;

    private final Workspace workspace;

    public HeapBudget(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Throws {@link IllegalStateException} with the figures when the workspace does not fit this JVM's heap. */
    public void check() {
        long statusBytes = statusBytes();
        verdict(statusBytes, Runtime.getRuntime().maxMemory()).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
    }

    /** The size of every plan's status.json in the outputs directory. */
    long statusBytes() {
        long total = 0;
        if (!Files.isDirectory(workspace.outputsDir())) {
            return 0;
        }
        try (DirectoryStream<Path> plans = Files.newDirectoryStream(workspace.outputsDir())) {
            for (Path plan : plans) {
                Path status = plan.resolve("status.json");
                if (Files.isRegularFile(status)) {
                    total += Files.size(status);
                }
            }
        } catch (IOException e) {
            // what could not be listed is not counted; the scan reports unreadable files
        }
        return total;
    }

    /** Why a workspace with {@code statusBytes} of status.json does not fit a heap of {@code maxHeap}, if it does not. */
    static Optional<String> verdict(long statusBytes, long maxHeap) {
        long needed = FIXED_BYTES + HEAP_BYTES_PER_STATUS_BYTE * statusBytes;
        if (needed <= maxHeap * USABLE_SHARE) {
            return Optional.empty();
        }
        long suggestedMb = (long) Math.ceil(needed / USABLE_SHARE / (1 << 20) / 16.0) * 16;
        return Optional.of(String.format(Locale.ROOT,
                "The workspace is too big for this JVM's heap: its status.json files hold %d MB, serving them takes about"
                        + " %d MB of heap, and this JVM has %d MB. Start it with a larger heap: -Xmx%dm"
                        + " (bin/planwatch: PLANWATCH_JVM_OPTS=\"<its flags> -Xmx%dm\", or pass -Xmx%dm as an argument).",
                mb(statusBytes), mb(needed), mb(maxHeap), suggestedMb, suggestedMb, suggestedMb));
    }

    private static long mb(long bytes) {
        return Math.round(bytes / (double) (1 << 20));
    }
}
