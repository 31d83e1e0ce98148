package dev.planwatch.plans;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Serves {@code ../shared/corpus} (read-only) when it exists; an empty directory otherwise. */
public class CorpusProfile implements QuarkusTestProfile {

    static final Path CORPUS = Path.of("..", "shared", "corpus").toAbsolutePath().normalize();

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Path workspace = Files.isDirectory(CORPUS) ? CORPUS : Files.createTempDirectory("planwatch-no-corpus");
            return Map.of("planwatch.workspace", workspace.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
