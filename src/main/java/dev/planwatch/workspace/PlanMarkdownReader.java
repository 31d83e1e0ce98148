package dev.planwatch.workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads plan markdown headers through a stamp-keyed parse cache. */
@ApplicationScoped
public class PlanMarkdownReader {

    private static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final Pattern PHASE_HEADING = Pattern.compile("^##\\s+Phase\\s+\\d+", Pattern.MULTILINE);
    /** {@code - **Objective:** text} and its kin in a plan's overview. */
    private static final Pattern OBJECTIVE = Pattern.compile("^[-*]?\\s*\\*\\*(?:Objective|Goal|Focus|Purpose):\\*\\*\\s*(.+)$",
            Pattern.CASE_INSENSITIVE);
    /** A description is a line on a card, not the plan. */
    private static final int MAX_DESCRIPTION = 280;

    private final FileParseCache<PlanMarkdown> cache = new FileParseCache<>(PlanMarkdownReader::parse, MAX_BYTES);

    public Optional<PlanMarkdown> read(Path markdown) {
        return cache.read(markdown).map(ParsedFile::value);
    }

    static PlanMarkdown parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        String title = null;
        int afterTitle = lines.length;
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].strip();
            if (trimmed.startsWith("# ")) {
                title = trimmed.substring(2).strip();
                afterTitle = i + 1;
                break;
            }
        }
        return new PlanMarkdown(title, description(lines, afterTitle), PHASE_HEADING.matcher(text).find());
    }

    /** The stated objective of the overview, else the first paragraph of prose, up to the first phase. */
    static String description(String[] lines, int from) {
        String paragraph = null;
        StringBuilder current = new StringBuilder();
        for (int i = from; i < lines.length; i++) {
            String line = lines[i].strip();
            if (PHASE_HEADING.matcher(lines[i]).lookingAt()) {
                break;
            }
            Matcher objective = OBJECTIVE.matcher(line);
            if (objective.matches()) {
                return shorten(objective.group(1));
            }
            boolean prose = !line.isEmpty() && !line.startsWith("#") && !line.startsWith("-") && !line.startsWith("*")
                    && !line.startsWith(">") && !line.startsWith("|") && !line.startsWith("```") && !line.matches("\\d+\\..*");
            if (prose && paragraph == null) {
                current.append(current.length() == 0 ? "" : " ").append(line);
            } else if (current.length() > 0 && paragraph == null) {
                paragraph = current.toString();
            }
        }
        if (paragraph == null && current.length() > 0) {
            paragraph = current.toString();
        }
        return paragraph == null ? null : shorten(paragraph);
    }

    private static String shorten(String text) {
        String plain = text.replace("**", "").replace("`", "").strip();
        return plain.length() <= MAX_DESCRIPTION ? plain : plain.substring(0, MAX_DESCRIPTION - 1).strip() + "\u2026";
    }
}
