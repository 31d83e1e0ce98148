package dev.planwatch.logs;

import dev.planwatch.workspace.Timestamps;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads logs by byte offset: the last lines by seeking backwards from the end in fixed chunks (a
 * 1 GB log costs what its tail costs, whatever its content), and new complete lines from an offset.
 * Lines are split on the newline byte and decoded whole, so a multi-byte character is never split.
 * <p>
 * Memory per read is bounded whatever the file holds: a line longer than {@link #MAX_LINE_BYTES} is
 * delivered once, cut at a character boundary before that many bytes and ending in {@link #CUT_MARK};
 * the rest of it, up to its newline, is skipped. A tail returns at most {@link #MAX_TAIL_BYTES} of
 * content. Files are opened without following a symlink: callers pass the path they checked.
 */
public final class LogReader {

    /** The longest line delivered whole, in bytes of UTF-8. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** Ends the content of a line that was cut at {@link #MAX_LINE_BYTES}. */
    public static final String CUT_MARK = " [line cut at 64 KiB]";
    /** The most content one tail returns; older lines are left out past it. */
    static final long MAX_TAIL_BYTES = 2L * 1024 * 1024;
    /** How much one forward read scans; the follower reads again until it has caught up. */
    static final int MAX_READ = 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    /** How far back a tail (with a {@code since} filter, or over blank lines) may search. */
    private static final long MAX_SCAN_BYTES = 64L * 1024 * 1024;
    private static final Pattern DATED = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)(Z|[+-]\\d{2}:?\\d{2})?");

    private LogReader() {
    }

    /** The result of a tail: the lines, and the offset after the last complete line. */
    public record Tail(List<LogLine> lines, long endOffset) {
    }

    /**
     * What a forward read found: complete lines, the offset to read from next, and whether that
     * offset is inside a cut line whose rest is skipped up to its newline.
     */
    public record Batch(List<LogLine> lines, long offset, boolean skippingCutLine) {
    }

    /**
     * The last {@code count} non-blank complete lines (plus, with {@code includePartial}, an
     * unterminated last line), keeping undated lines and lines dated at or after {@code since}.
     */
    public static Tail tail(Path file, int count, Optional<Instant> since, boolean includePartial) throws IOException {
        try (FileChannel channel = open(file)) {
            long size = channel.size();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            Deque<LogLine> newestFirst = new ArrayDeque<>();
            long[] kept = {0};
            long lineEnd = size;
            long completeEnd = -1;
            long position = size;
            while (position > 0 && newestFirst.size() < count && kept[0] < MAX_TAIL_BYTES && size - position <= MAX_SCAN_BYTES) {
                int length = (int) Math.min(CHUNK, position);
                long chunkStart = position - length;
                readFully(channel, chunk.clear().limit(length), chunkStart);
                for (int i = length - 1; i >= 0 && newestFirst.size() < count && kept[0] < MAX_TAIL_BYTES; i--) {
                    if (chunk.get(i) != '\n') {
                        continue;
                    }
                    long newline = chunkStart + i;
                    if (completeEnd < 0) {
                        completeEnd = newline + 1;
                        if (includePartial) {
                            keep(newestFirst, kept, line(channel, newline + 1, size, size), since);
                        }
                    } else {
                        keep(newestFirst, kept, line(channel, newline + 1, lineEnd, lineEnd + 1), since);
                    }
                    lineEnd = newline;
                }
                position = chunkStart;
            }
            if (position == 0 && newestFirst.size() < count && kept[0] < MAX_TAIL_BYTES) {
                if (completeEnd < 0) {
                    if (includePartial) {
                        keep(newestFirst, kept, line(channel, 0, size, size), since);
                    }
                } else {
                    keep(newestFirst, kept, line(channel, 0, lineEnd, lineEnd + 1), since);
                }
            }
            List<LogLine> lines = new ArrayList<>(newestFirst);
            java.util.Collections.reverse(lines);
            return new Tail(List.copyOf(lines), Math.max(completeEnd, 0));
        }
    }

    /**
     * Complete lines from {@code offset}, scanning about {@link #MAX_READ} bytes at the most. A line
     * still without its newline is left for the next read unless it is already longer than
     * {@link #MAX_LINE_BYTES}: then it is delivered cut, and the next read skips the rest of it.
     */
    public static Batch readFrom(Path file, long offset, boolean skippingCutLine) throws IOException {
        try (FileChannel channel = open(file)) {
            long size = channel.size();
            List<LogLine> lines = new ArrayList<>();
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.max(1, Math.min(CHUNK, size - offset)));
            // No line is longer than what there is to read (reads stop at the size seen above): a
            // follower reads a few lines per append, and a 64 KiB buffer for each would be most of
            // the service's allocation under a busy log.
            byte[] line = new byte[(int) Math.max(1, Math.min(MAX_LINE_BYTES + 1, size - offset))];
            int lineLength = 0;
            boolean skipping = skippingCutLine;
            long next = offset;
            long position = offset;
            while (position < size && position - offset < MAX_READ) {
                int read = channel.read(chunk.clear().limit((int) Math.min(chunk.capacity(), size - position)), position);
                if (read <= 0) {
                    break;
                }
                for (int i = 0; i < read; i++) {
                    byte b = chunk.get(i);
                    long at = position + i;
                    if (b == '\n') {
                        if (!skipping) {
                            lines.add(lineLength > MAX_LINE_BYTES ? cut(line, at + 1) : new LogLine(decode(line, 0, lineLength), at + 1, false));
                        }
                        skipping = false;
                        lineLength = 0;
                        next = at + 1;
                    } else if (skipping) {
                        next = at + 1;
                    } else if (lineLength <= MAX_LINE_BYTES) {
                        line[lineLength++] = b;
                    } else {
                        // Past the cap with no newline: deliver it once, cut, and skip the rest.
                        lines.add(cut(line, at));
                        skipping = true;
                        lineLength = 0;
                        next = at;
                    }
                }
                position += read;
            }
            return new Batch(lines, next, skipping);
        }
    }

    /** Whether {@code offset} falls inside a line (the byte before it is not a newline). */
    public static boolean isInsideLine(Path file, long offset) throws IOException {
        if (offset <= 0) {
            return false;
        }
        try (FileChannel channel = open(file)) {
            ByteBuffer previous = ByteBuffer.allocate(1);
            return channel.read(previous, offset - 1) == 1 && previous.get(0) != '\n';
        }
    }

    /** The first {@code length} bytes of the file (fewer if it is shorter). */
    public static byte[] head(Path file, int length) throws IOException {
        try (FileChannel channel = open(file)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, channel.size()));
            readFully(channel, buffer, 0);
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    public static long size(Path file) throws IOException {
        try (FileChannel channel = open(file)) {
            return channel.size();
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        while (buffer.hasRemaining() && channel.read(buffer, at + buffer.position()) > 0) {
            // read until full or at the end of the file
        }
    }

    /** The line {@code [start, end)}, reading at most one byte past the cap. */
    private static LogLine line(FileChannel channel, long start, long end, long endOffset) throws IOException {
        int length = (int) Math.min(end - start, MAX_LINE_BYTES + 1L);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        readFully(channel, buffer, start);
        if (end - start > MAX_LINE_BYTES) {
            return cut(buffer.array(), endOffset);
        }
        return new LogLine(decode(buffer.array(), 0, buffer.position()), endOffset, false);
    }

    /**
     * The first {@link #MAX_LINE_BYTES} of {@code bytes} (which holds one more), backed up to the
     * start of a character so that no character is split, then the cut mark.
     */
    private static LogLine cut(byte[] bytes, long endOffset) {
        int end = MAX_LINE_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new LogLine(new String(bytes, 0, end, StandardCharsets.UTF_8) + CUT_MARK, endOffset, true);
    }

    private static void keep(Deque<LogLine> newestFirst, long[] kept, LogLine line, Optional<Instant> since) {
        if (line.content().isBlank()) {
            return;
        }
        if (since.isPresent()) {
            Optional<Instant> dated = dateOf(line.content());
            if (dated.isPresent() && dated.get().isBefore(since.get())) {
                return;
            }
        }
        newestFirst.addLast(line);
        kept[0] += line.content().length();
    }

    static Optional<Instant> dateOf(String line) {
        Matcher m = DATED.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        String zone = m.group(3) == null ? "" : m.group(3);
        return Timestamps.parse(m.group(1) + "T" + m.group(2) + zone);
    }

    private static String decode(byte[] bytes, int from, int to) {
        int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }
}
