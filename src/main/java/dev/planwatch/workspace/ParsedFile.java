package dev.planwatch.workspace;

/**
 * One file's parse: the value of the last good parse (null if there never was one) and, when the
 * current version could not be parsed, why.
 */
public record ParsedFile<T>(FileStamp stamp, T value, String error) {
}
