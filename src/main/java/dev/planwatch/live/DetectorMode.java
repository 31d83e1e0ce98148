package dev.planwatch.live;

/** How the change detector learns about changes. */
public enum DetectorMode {
    /** WatchService events, with the poll as a safety net. */
    WATCH_AND_POLL,
    /** Only the timestamp/size poll (watching disabled, or the platform refused it). */
    POLL_ONLY
}
