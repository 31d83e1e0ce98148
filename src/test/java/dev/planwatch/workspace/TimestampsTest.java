package dev.planwatch.workspace;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampsTest {

    @ParameterizedTest
    @CsvSource({
            "2025-12-27T11:30:00.123Z, 2025-12-27T11:30:00.123Z",
            "2025-12-27T11:30:00.123456Z, 2025-12-27T11:30:00.123456Z",
            "2025-12-27T11:30:00Z, 2025-12-27T11:30:00Z",
            "2025-12-27T02:50:30-06:00, 2025-12-27T08:50:30Z",
            "2025-12-27T11:30:00, 2025-12-27T11:30:00Z",
            "2025-12-27, 2025-12-27T00:00:00Z"})
    void readsEveryRealVariant(String text, String expected) {
        assertEquals(Instant.parse(expected), Timestamps.parse(text).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "yesterday", "12:30:00", "2025-13-45"})
    void rejectsTheRest(String text) {
        assertTrue(Timestamps.parse(text).isEmpty());
    }

    /** What the formatter makes of a text, or null when it refuses it. */
    private static Instant byFormatter(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-12-27T11:30:00.123Z", "2025-12-27T11:30:00Z", "2025-12-27T11:30:00.123456789Z",
            "2025-12-27T11:30:00.1+05:30", "2025-12-27T02:50:30-06:00", "2024-02-29T23:59:59.999-00:00", "0001-01-01T00:00:00Z"})
    void theCommonFormIsReadByPositionWithTheFormattersResult(String text) {
        assertEquals(byFormatter(text), Timestamps.parseCommonForm(text));
    }

    @Test
    void theCommonFormReaderNeverDisagreesWithTheFormatter() {
        String[] samples = {"2025-02-29T10:00:00Z", "2025-12-27T24:00:00Z", "2025-12-27T11:60:00Z", "2025-12-27T11:30:60Z",
                "2025-12-27T11:30:00.Z", "2025-12-27T11:30:00.1234567890Z", "2025-12-27T11:30:00+19:00", "2025-12-27T11:30:00+05:60",
                "2025-12-27t11:30:00Z", "2025-12-27T11:30:00z", "2025-12-27T11:30:00+0530", "2025-12-27T11:30:00+05:30:15",
                "+2025-12-27T11:30:00Z", "2025-12-27 11:30:00Z", "2025-1-27T11:30:00Z", "2025-12-27T11:30Z", "2025-00-27T11:30:00Z",
                "2025-12-00T11:30:00Z", "2025-12-27T11:30:00.12a4Z", "２０２５-12-27T11:30:00Z", "2025-12-27T11:30:00-00:00"};
        for (String text : samples) {
            Instant fast = Timestamps.parseCommonForm(text);
            assertTrue(fast == null || fast.equals(byFormatter(text)), text + ": " + fast + " vs " + byFormatter(text));
        }
        java.util.Random random = new java.util.Random(42);
        String alphabet = "0123456789-T:.Z+ ";
        char[] template = "2025-12-27T11:30:00.123+01:00".toCharArray();
        for (int i = 0; i < 20_000; i++) {
            char[] text = template.clone();
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String candidate = new String(text, 0, 19 + random.nextInt(text.length - 18));
            Instant fast = Timestamps.parseCommonForm(candidate);
            assertTrue(fast == null || fast.equals(byFormatter(candidate)), candidate + ": " + fast + " vs " + byFormatter(candidate));
        }
    }
}
