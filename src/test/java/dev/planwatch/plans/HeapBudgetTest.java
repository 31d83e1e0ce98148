package dev.planwatch.plans;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapBudgetTest {

    private static final long MB = 1 << 20;

    @Test
    void aWorkspaceThatFitsPasses() {
        assertEquals(Optional.empty(), HeapBudget.verdict(2 * MB, 96 * MB), "the 79-plan corpus on bin/planwatch's heap");
        assertEquals(Optional.empty(), HeapBudget.verdict(10 * MB, 96 * MB), "1,000 plans of 20 tasks");
    }

    @Test
    void aWorkspaceThatDoesNotFitSaysWhatToChange() {
        String message = HeapBudget.verdict(60 * MB, 96 * MB).orElseThrow();
        assertTrue(message.contains("hold 60 MB") && message.contains("about 136 MB") && message.contains("has 96 MB"), message);
        assertTrue(message.contains("-Xmx160m") && message.contains("PLANWATCH_JVM_OPTS"), message);
    }
}
