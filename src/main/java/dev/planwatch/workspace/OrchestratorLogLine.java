package dev.planwatch.workspace;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The orchestrator log's line form, {@code HH:MM:SS [LEVEL] message}: what the real orchestrator
 * writes, what the demo orchestrator writes, and what planwatch appends to a log it redirects
 * (with the level {@code planwatch}), so that one reader and one page view serve all three.
 */
public final class OrchestratorLogLine {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private OrchestratorLogLine() {
    }

    /** The line for {@code message} at {@code level}, stamped with the local time, without a line end. */
    public static String format(String level, String message) {
        return LocalTime.now().format(CLOCK) + " [" + level + "] " + message;
    }
}
