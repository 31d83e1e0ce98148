package dev.planwatch.plans.catalog;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.workspace.Workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the workspace fits the JVM's heap, decided before the first scan. planwatch keeps of
 * every plan its digest (counts, phases, task ids and statuses, event times), which grows with the
 * status.json files at about one heap byte per {@value #STATUS_BYTES_PER_HEAP_BYTE} bytes of
 * them, plus a part per plan; the full task records take at most {@code planwatch.task-cache-size};
 * rendered replies at most {@link CatalogSnapshot#MAX_MEMO_BYTES}. A workspace that does not fit
 * stops the start with the figures and the setting to change, rather than an OutOfMemoryError
 * half-way through.
 *
 * <p>The shares are of the whole heap, and were measured with the serial collector's default split,
 * which leaves what lives long (the catalog) two thirds of it. bin/planwatch's young generation
 * (half the heap, at most 32 MB) keeps that: 64 MB of its 96 MB, and every megabyte of a larger
 * {@code -Xmx} goes to the old generation.
 */
@ApplicationScoped
public class HeapBudget {

    /**
     * The service itself with room to serve requests. With the other figures, measured after a
     * full GC: 1,000 plans of 200 tasks (60 MB of status.json) hold 25 MB, 10,000 plans of 20 tasks
     * (118 MB) 61 MB, each with the task cache full and the plan list rendered.
     */
    static final long FIXED_BYTES = 16L << 20;
    static final int STATUS_BYTES_PER_HEAP_BYTE = 8;
    /** A plan's view, phases, paths, file stamps and watch, whatever its size. */
    static final long BYTES_PER_PLAN = 3L << 10;
    /** The part of the heap the catalog may fill; the rest serves requests and gives the GC room. */
    static final double USABLE_SHARE = 0.9;
    /**
     * Beyond this share the service runs, but the collector has so little room that full
     * collections come often and pause every push (measured: 125-132 ms with 57 MB live in 92 MB).
     */
    static final double SMOOTH_SHARE = 0.6;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(HeapBudget.class);

    private final Workspace workspace;
    private final long taskCacheBytes;

    public HeapBudget(Workspace workspace, PlanwatchConfig config) {
        this.workspace = workspace;
        this.taskCacheBytes = config.taskCacheSize().asLongValue();
    }

    /** Throws {@link IllegalStateException} with the figures when the workspace does not fit this JVM's heap. */
    public void check() {
        StatusSizes sizes = statusSizes();
        long maxHeap = Runtime.getRuntime().maxMemory();
        verdict(sizes.bytes(), sizes.plans(), taskCacheBytes, maxHeap).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
        advice(sizes.bytes(), sizes.plans(), taskCacheBytes, maxHeap).ifPresent(LOG::warn);
    }

    /** A warning when the workspace fits but leaves the collector too little room for steady push latency. */
    static Optional<String> advice(long statusBytes, int plans, long taskCacheBytes, long maxHeap) {
        long needed = needed(statusBytes, plans, taskCacheBytes);
        return heapToSuggest(needed, maxHeap, SMOOTH_SHARE).map(suggestedMb -> String.format(Locale.ROOT,
                "The workspace (%d plans) takes about %d MB of this JVM's %d MB heap: it is served, but full garbage"
                        + " collections will pause live updates for a tenth of a second at times. For steady latency"
                        + " start it with -Xmx%dm.", plans, mb(needed), mb(maxHeap), suggestedMb));
    }

    /** The bytes of every plan's status.json in the outputs directory, and how many plans have one. */
    record StatusSizes(long bytes, int plans) {
    }

    StatusSizes statusSizes() {
        long total = 0;
        int plans = 0;
        if (!Files.isDirectory(workspace.outputsDir())) {
            return new StatusSizes(0, 0);
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workspace.outputsDir())) {
            for (Path plan : dirs) {
                Path status = plan.resolve("status.json");
                if (Files.isRegularFile(status)) {
                    total += Files.size(status);
                    plans++;
                }
            }
        } catch (IOException e) {
            // what could not be listed is not counted; the scan reports unreadable files
        }
        return new StatusSizes(total, plans);
    }

    /** The heap a workspace needs: what is kept of every plan, plus the task cache and the rendered replies. */
    static long needed(long statusBytes, int plans, long taskCacheBytes) {
        return FIXED_BYTES + statusBytes / STATUS_BYTES_PER_HEAP_BYTE + plans * BYTES_PER_PLAN
                + taskCacheBytes + CatalogSnapshot.MAX_MEMO_BYTES;
    }

    /** Why a workspace with {@code statusBytes} of status.json in {@code plans} plans does not fit a heap of {@code maxHeap}, if it does not. */
    static Optional<String> verdict(long statusBytes, int plans, long taskCacheBytes, long maxHeap) {
        long needed = needed(statusBytes, plans, taskCacheBytes);
        return heapToSuggest(needed, maxHeap, USABLE_SHARE).map(suggestedMb -> String.format(Locale.ROOT,
                "The workspace is too big for this JVM's heap: its %d plans' status.json files hold %d MB, serving them takes about"
                        + " %d MB of heap, and this JVM has %d MB. Start it with a larger heap: -Xmx%dm"
                        + " (bin/planwatch: PLANWATCH_JVM_OPTS=\"<its flags> -Xmx%dm\", or pass -Xmx%dm as an argument).",
                plans, mb(statusBytes), mb(needed), mb(maxHeap), suggestedMb, suggestedMb, suggestedMb));
    }

    /**
     * When {@code needed} is more than {@code share} of {@code maxHeap}: the -Xmx, in MB rounded up
     * to 16, under which it stays within that share. The JVM reports a little less than -Xmx as its maximum (a survivor space is not
     * counted), hence the 5 % margin.
     */
    private static Optional<Long> heapToSuggest(long needed, long maxHeap, double share) {
        if (needed <= maxHeap * share) {
            return Optional.empty();
        }
        return Optional.of((long) Math.ceil(needed / (share * 0.95) / (1 << 20) / 16.0) * 16);
    }

    private static long mb(long bytes) {
        return Math.round(bytes / (double) (1 << 20));
    }
}
