package dev.planwatch.registry;

/** What is known of a registry entry's processes when the view was built. */
public enum Liveness {
    /** The registered process runs and is proven to be the orchestrator. */
    ALIVE,
    /** Its pid runs, but nothing proves it is the orchestrator (no start time, another command line): never signalled. */
    UNVERIFIED,
    /** The registered process is gone, but processes it started (its group, session or descendants) live on. */
    ORPHANED,
    /** Neither the process nor anything it started runs. */
    GONE
}
