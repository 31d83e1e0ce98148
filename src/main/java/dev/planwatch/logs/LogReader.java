package dev.planwatch.logs;

import dev.planwatch.workspace.Timestamps;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads logs by byte offset: the last lines by seeking backwards from the end (a 1 GB log costs
 * what its tail costs), and new complete lines from an offset. Lines are split on the newline byte
 * and decoded whole, so a multi-byte character is never split; a line without its newline yet is
 * left for the next read.
 */
public final class LogReader {

    private static final int CHUNK = 64 * 1024;
    /** How far back a tail with a {@code since} filter may search. */
    private static final long MAX_SCAN_BYTES = 64L * 1024 * 1024;
    /** How much one forward read takes; the follower reads again until it has caught up. */
    static final int MAX_READ = 1024 * 1024;
    private static final Pattern DATED = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)(Z|[+-]\\d{2}:?\\d{2})?");

    private LogReader() {
    }

    /** The result of a tail: the lines, and the offset after the last complete line. */
    public record Tail(List<LogLine> lines, long endOffset) {
    }

    /**
     * The last {@code count} non-blank complete lines (plus, with {@code includePartial}, an
     * unterminated last line), keeping undated lines and lines dated at or after {@code since}.
     */
    public static Tail tail(Path file, int count, Optional<Instant> since, boolean includePartial) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = size;
            byte[] collected = new byte[0];
            List<LogLine> lines = new ArrayList<>();
            long completeEnd = -1;
            while (true) {
                // Doubling the read keeps a long backward search linear in the bytes scanned.
                int length = (int) Math.min(Math.max(CHUNK, collected.length), position);
                position -= length;
                ByteBuffer buffer = ByteBuffer.allocate(length);
                while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
                    // read fully
                }
                byte[] merged = new byte[length + collected.length];
                System.arraycopy(buffer.array(), 0, merged, 0, length);
                System.arraycopy(collected, 0, merged, length, collected.length);
                collected = merged;
                lines = parseFrom(collected, position, size, since, includePartial);
                if (completeEnd < 0) {
                    completeEnd = lastNewlineEnd(collected, position);
                }
                boolean atStart = position == 0;
                if (lines.size() >= count + 1 || atStart || size - position > MAX_SCAN_BYTES) {
                    if (!atStart && !lines.isEmpty()) {
                        lines = lines.subList(1, lines.size());
                    }
                    break;
                }
            }
            int from = Math.max(0, lines.size() - count);
            long end = completeEnd >= 0 ? completeEnd : 0;
            return new Tail(List.copyOf(lines.subList(from, lines.size())), end);
        }
    }

    /** Complete lines from {@code offset}, at most about {@link #MAX_READ} bytes of them. */
    public static List<LogLine> readFrom(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (offset >= size) {
                return List.of();
            }
            int length = (int) Math.min(MAX_READ, size - offset);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // read fully
            }
            byte[] bytes = buffer.array();
            int usable = buffer.position();
            List<LogLine> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < usable; i++) {
                if (bytes[i] == '\n') {
                    lines.add(new LogLine(decode(bytes, start, i), offset + i + 1));
                    start = i + 1;
                }
            }
            if (lines.isEmpty() && usable == MAX_READ) {
                // A line longer than one read: hand it out whole-buffer rather than never.
                lines.add(new LogLine(decode(bytes, 0, usable), offset + usable));
            }
            return lines;
        }
    }

    public static long size(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.size();
        }
    }

    /** Lines of {@code bytes} (which start at file offset {@code base}); the first may be cut. */
    private static List<LogLine> parseFrom(byte[] bytes, long base, long size, Optional<Instant> since, boolean includePartial) {
        List<LogLine> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                add(lines, decode(bytes, start, i), base + i + 1, since);
                start = i + 1;
            }
        }
        if (includePartial && start < bytes.length) {
            add(lines, decode(bytes, start, bytes.length), size, since);
        }
        return lines;
    }

    private static long lastNewlineEnd(byte[] bytes, long base) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return base + i + 1;
            }
        }
        return base == 0 ? 0 : -1;
    }

    private static void add(List<LogLine> lines, String content, long end, Optional<Instant> since) {
        if (content.isBlank()) {
            return;
        }
        if (since.isPresent()) {
            Optional<Instant> dated = dateOf(content);
            if (dated.isPresent() && dated.get().isBefore(since.get())) {
                return;
            }
        }
        lines.add(new LogLine(content, end));
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
