package dev.planwatch.workspace;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

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
}
