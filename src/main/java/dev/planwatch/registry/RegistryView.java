package dev.planwatch.registry;

import dev.planwatch.workspace.Timestamps;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The registry with each entry's liveness decided: what every endpoint reports about orchestrators. */
public record RegistryView(List<TrackedEntry> entries, String error) {

    public static final RegistryView EMPTY = new RegistryView(List.of(), null);

    /** The entry with this id; {@link OrchestratorNotFoundException} when the registry has none. */
    public TrackedEntry require(String id) {
        return entries.stream()
                .filter(t -> id.equals(t.entry().id()))
                .findFirst()
                .orElseThrow(() -> new OrchestratorNotFoundException(id));
    }

    /**
     * An entry and what its processes looked like when the view was built; {@code registered} is
     * false for an orchestrator planwatch started whose entry has gone from the registry file.
     * {@code remote} is set for a {@link RemoteRun} (its entry made from it): such a run has no
     * process here, so its own state stands for the liveness (which is {@code GONE}, so no poll
     * checks it).
     */
    public record TrackedEntry(RegistryEntry entry, Liveness liveness, boolean registered, RemoteRun remote) {

        public TrackedEntry(RegistryEntry entry, Liveness liveness, boolean registered) {
            this(entry, liveness, registered, null);
        }

        static TrackedEntry of(RemoteRun run) {
            return new TrackedEntry(run.asEntry(), Liveness.GONE, true, run);
        }

        /** The registered process runs and is proven to be the orchestrator (a remote run: its orchestrator runs). */
        public boolean alive() {
            return remote != null ? remote.running() : liveness == Liveness.ALIVE;
        }

        /**
         * The registry's status, except: {@code completing} for an orchestrator that unregistered
         * while its processes still run (its final run after the plan is complete),
         * {@code orphaned} when the registered process is gone but what it started lives on,
         * {@code unverified} when its pid runs something not proven to be it, and {@code crashed}
         * when a claimed run has no process left.
         */
        public String effectiveStatus() {
            if (remote != null) {
                return remote.status();
            }
            if (!registered && (liveness == Liveness.ALIVE || liveness == Liveness.ORPHANED)) {
                return "completing";
            }
            if (entry.claimsRunning()) {
                switch (liveness) {
                    case ORPHANED:
                        return "orphaned";
                    case UNVERIFIED:
                        return "unverified";
                    case GONE:
                        return "crashed";
                    default:
                        break;
                }
            }
            return Objects.requireNonNullElse(entry.status(), "unknown");
        }

        /** Whether any process of this orchestrator runs: its verified registered run, its final run, or its survivors. */
        public boolean running() {
            if (remote != null) {
                return remote.running();
            }
            return switch (liveness) {
                case ALIVE -> !registered || "running".equals(entry.status());
                case ORPHANED -> true;
                default -> false;
            };
        }

        public OrchestratorRef toRef() {
            return new OrchestratorRef(entry.id(), entry.pid(), effectiveStatus(), running(),
                    entry.startedAt(), entry.lastHeartbeat(), Objects.requireNonNullElse(entry.mode(), "batch"),
                    remote == null ? null : remote.reason());
        }
    }

    /**
     * The plan's orchestrator: a live claimed run if there is one (the registry's before a remote
     * run's: they come first), else its most recent entry; null if none.
     */
    public OrchestratorRef forPlan(String plan) {
        TrackedEntry best = null;
        for (TrackedEntry tracked : entries) {
            if (!plan.equals(tracked.entry().plan())) {
                continue;
            }
            if (tracked.running()) {
                return tracked.toRef();
            }
            if (best == null || startOf(tracked).isAfter(startOf(best))) {
                best = tracked;
            }
        }
        return best == null ? null : best.toRef();
    }

    /**
     * Whether some entry's liveness can still change without its file changing: a process that
     * runs (verified or not) or left survivors. An entry whose processes are all gone stays gone.
     */
    public boolean needsLivenessChecks() {
        return entries.stream().anyMatch(t -> t.liveness() != Liveness.GONE);
    }

    public long runningCount() {
        return entries.stream().filter(TrackedEntry::running).count();
    }

    public List<TrackedEntry> sortedByStart() {
        return entries.stream().sorted(Comparator.comparing(RegistryView::startOf).reversed()).toList();
    }

    private static Instant startOf(TrackedEntry tracked) {
        return Timestamps.parse(tracked.entry().startedAt()).orElse(Instant.EPOCH);
    }
}
