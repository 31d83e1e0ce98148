package dev.planwatch.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;

/**
 * A directory inside the workspace, opened from the workspace root one name at a time without
 * following a link, and kept open: files are read, created, written and renamed relative to that
 * open directory, so a link or another directory swapped in at its path later is never written
 * through. Before every create, write and rename it also checks that its path still names the
 * directory it holds (otherwise {@link LeftWorkspaceException}), so nothing is changed in a
 * directory that has been moved out of its place either.
 */
public final class ContainedDirectory implements AutoCloseable {

    /** The directory's path no longer names the directory that was opened (a link or another directory was put there). */
    public static final class LeftWorkspaceException extends IOException {
        public LeftWorkspaceException(Path path) {
            super("the directory " + path.getFileName() + " was replaced while it was being changed", null);
        }
    }

    private final Path path;
    private final SecureDirectoryStream<Path> directory;
    private final Object key;

    private ContainedDirectory(Path path, SecureDirectoryStream<Path> directory) throws IOException {
        this.path = path;
        this.directory = directory;
        this.key = directory.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
    }

    /**
     * Opens {@code dir} (a real path under {@code root}) walking down from {@code root} without
     * following links. Throws {@link LeftWorkspaceException} when a step is a link or not a
     * directory, {@link NoSuchFileException} when it does not exist.
     */
    static ContainedDirectory open(Path root, Path dir) throws IOException {
        Path relative = root.relativize(dir);
        if (relative.startsWith("..") || relative.isAbsolute()) {
            throw new LeftWorkspaceException(dir);
        }
        DirectoryStream<Path> rootStream = Files.newDirectoryStream(root);
        if (!(rootStream instanceof SecureDirectoryStream<Path> current)) {
            rootStream.close();
            throw new IOException("this platform cannot open directories without following links");
        }
        try {
            for (Path name : relative) {
                if (name.toString().isEmpty()) {
                    continue;
                }
                SecureDirectoryStream<Path> next;
                try {
                    next = current.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    throw e;
                } catch (IOException e) {
                    // ELOOP or ENOTDIR: a link, or a file where a directory belongs.
                    throw new LeftWorkspaceException(dir);
                }
                current.close();
                current = next;
            }
            return new ContainedDirectory(dir, current);
        } catch (IOException | RuntimeException e) {
            current.close();
            throw e;
        }
    }

    /** The directory's path (as it was when opened). */
    public Path path() {
        return path;
    }

    /** Fails unless the directory's path still leads, links followed, to the directory held open. */
    public void checkInPlace() throws LeftWorkspaceException {
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (Objects.equals(now, key) && path.toRealPath().equals(path)) {
                return;
            }
        } catch (IOException e) {
            // gone or unreadable: not the directory held open
        }
        throw new LeftWorkspaceException(path);
    }

    /** Reads the regular file {@code name} (not a link) of this directory; at most {@code maxBytes}, else {@link TooLargeException}. */
    public byte[] read(String name, long maxBytes) throws IOException {
        try (SeekableByteChannel channel = directory.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
             InputStream in = Channels.newInputStream(channel)) {
            if (channel.size() > maxBytes) {
                throw new TooLargeException(name, maxBytes);
            }
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (content.length > maxBytes) {
                throw new TooLargeException(name, maxBytes);
            }
            return content;
        }
    }

    /** Writes {@code bytes} to a new file {@code name} of this directory (replacing a leftover one of that name). */
    public void write(String name, byte[] bytes) throws IOException {
        checkInPlace();
        Path file = Path.of(name);
        try {
            directory.deleteFile(file);
        } catch (NoSuchFileException e) {
            // the usual case
        }
        try (SeekableByteChannel channel = directory.newByteChannel(file,
                Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /** Renames {@code from} over {@code to}, both in this directory (atomic on one file system). */
    public void rename(String from, String to) throws IOException {
        checkInPlace();
        directory.move(Path.of(from), directory, Path.of(to));
    }

    /** Deletes the file {@code name} of this directory if it is there. */
    public void deleteFile(String name) {
        try {
            directory.deleteFile(Path.of(name));
        } catch (IOException e) {
            // nothing to clean up
        }
    }

    /** Deletes the empty directory {@code name} of this directory if it is there. */
    public void deleteDirectory(String name) throws IOException {
        try {
            directory.deleteDirectory(Path.of(name));
        } catch (NoSuchFileException e) {
            // already gone
        }
    }

    /**
     * Makes the directory {@code name} in this directory (atomic; {@link FileAlreadyExistsException}
     * when it exists). The JDK makes directories by path only, so the path is checked before, and
     * after: a directory made elsewhere because this one was replaced meanwhile is removed again.
     */
    public void makeDirectory(String name) throws IOException {
        checkInPlace();
        Path made = path.resolve(name);
        Files.createDirectory(made);
        try {
            checkInPlace();
        } catch (LeftWorkspaceException e) {
            Files.deleteIfExists(made);
            throw e;
        }
    }

    /** When {@code name} in this directory was last modified, or null when it is not there. */
    public java.nio.file.attribute.FileTime modified(String name) {
        try {
            return directory.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes().lastModifiedTime();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        directory.close();
    }

    /** A file over the size a reader accepts. */
    public static final class TooLargeException extends IOException {
        private final long maxBytes;

        public TooLargeException(String name, long maxBytes) {
            super(name + " is larger than " + maxBytes + " bytes", null);
            this.maxBytes = maxBytes;
        }

        public long maxBytes() {
            return maxBytes;
        }
    }
}
