package dev.planwatch.workspace;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "plan-1", "my_plan.v2", "A9"})
    void acceptsPlanNames(String name) {
        assertTrue(Names.isPlanName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "a/b", "a\\b", "-a", ".a", "x.md", "X.MD", "a b", "a\u0000b", "é"})
    void refusesEverythingElse(String name) {
        assertFalse(Names.isPlanName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1", "1.2.3", "V1", "VERIFY-1", "SC-2", "3.2.A"})
    void acceptsRealTaskIds(String id) {
        assertTrue(Names.isTaskId(id));
    }
}
