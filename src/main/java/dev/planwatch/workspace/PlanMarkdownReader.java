package dev.planwatch.workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads plan markdown headers through a stamp-keyed parse cache. */
@ApplicationScoped
public class PlanMarkdownReader {

    private static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final Pattern PHASE_HEADING = Pattern.compile("^##\\s+Phase\\s+\\d+", Pattern.MULTILINE);

    private final FileParseCache<PlanMarkdown> cache = new FileParseCache<>(PlanMarkdownReader::parse, MAX_BYTES);

    public Optional<PlanMarkdown> read(Path markdown) {
        return cache.read(markdown).map(ParsedFile::value);
    }

    static PlanMarkdown parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        String title = null;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("# ")) {
                title = trimmed.substring(2).strip();
                break;
            }
        }
        return new PlanMarkdown(title, PHASE_HEADING.matcher(text).find());
    }
}
