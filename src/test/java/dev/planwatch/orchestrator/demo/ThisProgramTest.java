package dev.planwatch.orchestrator.demo;

import dev.planwatch.PlanwatchMain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThisProgramTest {

    @Test
    void namesPlanwatchsMainClass() {
        assertEquals(PlanwatchMain.class.getName(), ThisProgram.MAIN_CLASS);
    }
}
