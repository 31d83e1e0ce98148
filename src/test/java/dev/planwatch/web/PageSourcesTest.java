package dev.planwatch.web;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page's sources as written: every {@code /api/} URL is built in {@code app/api.js}, whose
 * endpoint functions the views call, so that no view builds one of its own. A JavaScript file is
 * read for its string and template literals (comments may name an endpoint); any other file of the
 * page may not name one at all.
 */
class PageSourcesTest {

    private static final Path WEB = Path.of("src/main/resources/web");
    private static final Path API = WEB.resolve("app/api.js");

    /** A string or template literal's text and the line it starts on. */
    record Literal(int line, String text) {
    }

    @Test
    void noFileButApiJsHoldsAnApiUrl() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(WEB)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (file.equals(API)) {
                    continue;
                }
                String source = Files.readString(file);
                if (file.toString().endsWith(".js")) {
                    literals(source).stream().filter(literal -> literal.text().contains("/api/"))
                            .forEach(literal -> found.add(file + ":" + literal.line() + ": " + literal.text().strip()));
                } else if (source.contains("/api/")) {
                    found.add(file + ": names /api/");
                }
            }
        }
        assertEquals(List.of(), found, "/api/ URLs outside app/api.js: call an endpoint function of api.js instead");
    }

    @Test
    void apiJsHoldsTheUrlsAndEveryFileIsReadToItsEnd() throws IOException {
        assertTrue(literals(Files.readString(API)).stream().anyMatch(literal -> literal.text().startsWith("/api/plans")),
                "the scan finds the URLs where they are");
        try (Stream<Path> files = Files.walk(WEB)) {
            // literals() refuses a source it loses its place in (a string or template never closed).
            files.filter(file -> file.toString().endsWith(".js")).forEach(file -> literals(read(file)));
        }
    }

    @Test
    void theScanFindsAUrlInAnyLiteralAndNoneInComments() {
        for (String source : List.of(
                "get('/api/x')",
                "get(\"/api/x\")",
                "get(`/api/plans/${enc(name)}`)",
                "html`<a href=\"/api/x\">`",
                "const u = `${base}/api/x`;",
                "x = `${a ? `/api/${b}` : ''}`",
                "x = a / b; y = '/api/'",
                "if (/[/'\"`]/.test(s)) { return '/api/'; }",
                "x = { y: `${ { a: 1 }.a }` }; z = '/api/'")) {
            assertTrue(literals(source).stream().anyMatch(literal -> literal.text().contains("/api/")), source);
        }
        for (String source : List.of(
                "// from /api/x\nconst a = 1;",
                "/* /api/x */ const a = 'http://x';",
                "const a = 'http://x'; // /api/y",
                "const r = /\\/api\\//;")) {
            assertTrue(literals(source).stream().noneMatch(literal -> literal.text().contains("/api/")), source);
        }
        assertThrows(IllegalStateException.class, () -> literals("x = `open ${a}"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Words after which a slash starts a regular expression, not a division. */
    private static final Set<String> BEFORE_REGEX = Set.of("return", "typeof", "case", "do", "else", "in", "of", "new",
            "delete", "void", "throw", "instanceof", "yield", "await");

    /**
     * The string literals and the text parts of the template literals of a JavaScript source, nested
     * templates included; comments and regular expressions are passed over.
     */
    static List<Literal> literals(String source) {
        List<Literal> literals = new ArrayList<>();
        // One entry per template whose ${…} is being read: the braces opened inside it and not yet closed.
        Deque<int[]> templates = new ArrayDeque<>();
        String previous = ""; // the last token of code: a word, or one character
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalStateException("a comment never closed at line " + line(source, i));
                }
                i = end + 2;
            } else if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n && source.charAt(end) != c) {
                    if (source.charAt(end) == '\n') {
                        throw new IllegalStateException("a string never closed at line " + line(source, i));
                    }
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                if (end >= n) {
                    throw new IllegalStateException("a string never closed at line " + line(source, i));
                }
                literals.add(new Literal(line(source, i), source.substring(i + 1, end)));
                i = end + 1;
                previous = "\"";
            } else if (c == '`') {
                i = templateText(source, i + 1, literals, templates);
                previous = "`";
            } else if (c == '}' && !templates.isEmpty() && templates.peek()[0] == 0) {
                templates.pop();
                i = templateText(source, i + 1, literals, templates);
                previous = "`";
            } else if (c == '/' && regexMayStartAfter(previous)) {
                i = afterRegex(source, i);
                previous = "/";
            } else if (Character.isJavaIdentifierPart(c)) {
                int end = i;
                while (end < n && Character.isJavaIdentifierPart(source.charAt(end))) {
                    end++;
                }
                previous = source.substring(i, end);
                i = end;
            } else {
                if (!templates.isEmpty() && (c == '{' || c == '}')) {
                    templates.peek()[0] += c == '{' ? 1 : -1;
                }
                previous = String.valueOf(c);
                i++;
            }
        }
        if (!templates.isEmpty()) {
            throw new IllegalStateException("a template's ${ never closed");
        }
        return literals;
    }

    /** Reads a template's text from {@code i} to its end or its next ${; returns where the code goes on. */
    private static int templateText(String source, int i, List<Literal> literals, Deque<int[]> templates) {
        int start = i;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '`') {
                literals.add(new Literal(line(source, start), source.substring(start, i)));
                return i + 1;
            } else if (source.startsWith("${", i)) {
                literals.add(new Literal(line(source, start), source.substring(start, i)));
                templates.push(new int[] {0});
                return i + 2;
            } else {
                i++;
            }
        }
        throw new IllegalStateException("a template never closed at line " + line(source, start));
    }

    private static boolean regexMayStartAfter(String previous) {
        if (previous.isEmpty() || BEFORE_REGEX.contains(previous)) {
            return true;
        }
        char last = previous.charAt(previous.length() - 1);
        return !(Character.isJavaIdentifierPart(last) || last == ')' || last == ']' || last == '"' || last == '`');
    }

    /** Where the code goes on after the regular expression starting at {@code i} (its flags included). */
    private static int afterRegex(String source, int i) {
        boolean inClass = false;
        int j = i + 1;
        while (j < source.length() && source.charAt(j) != '\n') {
            char c = source.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                j++;
                while (j < source.length() && Character.isJavaIdentifierPart(source.charAt(j))) {
                    j++;
                }
                return j;
            }
            j++;
        }
        throw new IllegalStateException("a regular expression never closed at line " + line(source, i));
    }

    private static int line(String source, int index) {
        int line = 1;
        for (int k = 0; k < index; k++) {
            if (source.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }
}
