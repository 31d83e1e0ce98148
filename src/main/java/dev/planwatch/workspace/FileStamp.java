package dev.planwatch.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * What identifies one version of a file without reading it: modification time, size and inode.
 * An atomic rename changes the inode even when time and size happen to match.
 */
public record FileStamp(long modifiedNanos, long size, Object fileKey) {

    public static Optional<FileStamp> of(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            long nanos = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
            return Optional.of(new FileStamp(nanos, attributes.size(), attributes.fileKey()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
