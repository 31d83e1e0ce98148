package dev.planwatch.workspace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses a file only when its {@link FileStamp} changed since the last parse. A version that
 * fails to parse keeps the last good value and records the error, so readers racing a writer
 * never lose what they had.
 */
public final class FileParseCache<T> {

    /** A parser of a file's bytes; throws on content it cannot accept. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(byte[] content) throws Exception;
    }

    /** A parser that also learns which file it parses. */
    @FunctionalInterface
    public interface PathParser<T> {
        T parse(Path path, byte[] content) throws Exception;
    }

    private final ConcurrentHashMap<Path, ParsedFile<T>> entries = new ConcurrentHashMap<>();
    private final Parser<T> parser;
    private final long maxBytes;

    public FileParseCache(Parser<T> parser, long maxBytes) {
        this.parser = parser;
        this.maxBytes = maxBytes;
    }

    /** A cache whose files are always read with a {@link PathParser} given at the read. */
    public FileParseCache(long maxBytes) {
        this(null, maxBytes);
    }

    /** The current parse of {@code path}, or empty when the file does not exist. */
    public Optional<ParsedFile<T>> read(Path path) {
        if (parser == null) {
            throw new IllegalStateException("this cache parses with the parser given at each read");
        }
        return read(path, (file, content) -> parser.parse(content));
    }

    /** The current parse of {@code path} with {@code pathParser} for a new version, or empty when the file does not exist. */
    public Optional<ParsedFile<T>> read(Path path, PathParser<T> pathParser) {
        Optional<FileStamp> stamp = FileStamp.of(path);
        if (stamp.isEmpty()) {
            entries.remove(path);
            return Optional.empty();
        }
        ParsedFile<T> previous = entries.get(path);
        if (previous != null && previous.stamp().equals(stamp.get())) {
            return Optional.of(previous);
        }
        ParsedFile<T> parsed = parse(path, stamp.get(), previous == null ? null : previous.value(), pathParser, maxBytes);
        entries.put(path, parsed);
        return Optional.of(parsed);
    }

    /** Forgets the cached parse so the next read parses again (used to retry a racing write). */
    public void invalidate(Path path) {
        ParsedFile<T> previous = entries.get(path);
        if (previous != null) {
            entries.put(path, new ParsedFile<>(new FileStamp(-1, -1, null), previous.value(), previous.error()));
        }
    }

    /** Reads and parses {@code path} once, keeping nothing; empty when it does not exist. */
    public static <T> Optional<ParsedFile<T>> readOnce(Path path, Parser<T> parser, long maxBytes) {
        return FileStamp.of(path).map(stamp -> parse(path, stamp, null, (file, content) -> parser.parse(content), maxBytes));
    }

    private static <T> ParsedFile<T> parse(Path path, FileStamp stamp, T lastGood, PathParser<T> parser, long maxBytes) {
        if (stamp.size() > maxBytes) {
            return new ParsedFile<>(stamp, lastGood, "file is larger than " + maxBytes + " bytes");
        }
        try (SeekableByteChannel channel = Files.newByteChannel(path)) {
            long size = channel.size();
            if (size > maxBytes) {
                return new ParsedFile<>(stamp, lastGood, "file is larger than " + maxBytes + " bytes");
            }
            // One array of the file's size: a stream read in 8 KB pieces and joined would allocate
            // twice the file on every version, and versions come many times a second.
            ByteBuffer content = ByteBuffer.allocate((int) size);
            while (content.hasRemaining() && channel.read(content) > 0) {
                // reads what the file held when it was opened
            }
            byte[] bytes = content.hasRemaining() ? Arrays.copyOf(content.array(), content.position()) : content.array();
            return new ParsedFile<>(stamp, parser.parse(path, bytes), null);
        } catch (IOException e) {
            return new ParsedFile<>(stamp, lastGood, "cannot read: " + e.getClass().getSimpleName());
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
            return new ParsedFile<>(stamp, lastGood, message);
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
