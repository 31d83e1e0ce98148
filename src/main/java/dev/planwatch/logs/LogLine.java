package dev.planwatch.logs;

/**
 * One complete line of a log and the byte offset just after its newline (the SSE event id);
 * {@code cut} when the line was longer than {@link LogReader#MAX_LINE_BYTES} and its content ends in
 * {@link LogReader#CUT_MARK}.
 */
public record LogLine(String content, long endOffset, boolean cut) {
}
