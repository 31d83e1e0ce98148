package dev.planwatch.workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads {@code .claude/current-plan.txt}: the active plan, as a plan name. */
@ApplicationScoped
public class CurrentPlanReader {

    private final Workspace workspace;
    private final FileParseCache<String> cache = new FileParseCache<>(CurrentPlanReader::parse, 64 * 1024);

    public CurrentPlanReader(Workspace workspace) {
        this.workspace = workspace;
    }

    public Optional<String> read() {
        return cache.read(workspace.currentPlanFile()).map(ParsedFile::value);
    }

    static String parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8).strip();
        String firstLine = text.lines().findFirst().orElse("").strip();
        String stem = Names.stemOf(firstLine);
        return Names.isPlanName(stem) ? stem : null;
    }
}
