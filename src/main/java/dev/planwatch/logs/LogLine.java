package dev.planwatch.logs;

/** One complete line of a log and the byte offset just after its newline (the SSE event id). */
public record LogLine(String content, long endOffset) {
}
