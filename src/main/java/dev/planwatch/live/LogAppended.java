package dev.planwatch.live;

import java.nio.file.Path;

/** An orchestrator log grew, shrank or appeared; {@code size} is its size when seen. */
public record LogAppended(String plan, Path file, long size) {
}
