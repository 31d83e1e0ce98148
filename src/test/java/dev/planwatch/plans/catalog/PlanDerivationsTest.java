package dev.planwatch.plans.catalog;

import dev.planwatch.registry.OrchestratorRef;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlanDerivationsTest {

    @ParameterizedTest
    @CsvSource({"0,0,0", "1,8,13", "1,3,33", "2,3,67", "1,2,50", "5,8,63", "1,200,1", "1,201,0", "199,200,100", "120,215,56"})
    void percentageRoundsHalfUp(int part, int total, int expected) {
        assertEquals(expected, PlanDerivations.percentage(part, total));
    }

    @ParameterizedTest
    @CsvSource({
            // total, completed, pending, inProgress, failed, skipped, expected
            "0,0,0,0,0,0,pending",
            "3,3,0,0,0,0,completed",
            "3,2,0,0,0,1,in_progress",
            "3,0,0,0,3,0,failed",
            "3,1,0,0,1,1,failed",
            "3,0,2,0,1,0,pending",
            "3,0,1,1,1,0,in_progress",
            "3,0,3,0,0,0,pending"})
    void planStatusRules(int total, int completed, int pending, int inProgress, int failed, int skipped, String expected) {
        assertEquals(expected, PlanDerivations.statusOf(new Progress(total, completed, pending, inProgress, failed, skipped, 0)));
    }

    @Test
    void runningOrchestratorLiftsPendingOnly() {
        OrchestratorRef running = new OrchestratorRef("o", 42L, "running", true, null, null, "batch");
        OrchestratorRef crashed = new OrchestratorRef("o", 42L, "crashed", false, null, null, "batch");
        assertEquals("in_progress", PlanDerivations.withOrchestrator("pending", running));
        assertEquals("completed", PlanDerivations.withOrchestrator("completed", running));
        assertEquals("failed", PlanDerivations.withOrchestrator("failed", running));
        assertEquals("pending", PlanDerivations.withOrchestrator("pending", crashed));
        assertEquals("pending", PlanDerivations.withOrchestrator("pending", null));
    }

    @ParameterizedTest
    @CsvSource({"'Phase 3: Build',3", "'2',2", "'Infrastructure Setup',0", "'Success Criteria',0", "'phase 12 - Review',12", "' 7 ',7"})
    void phaseNumbers(String phase, int expected) {
        assertEquals(expected, PlanDerivations.phaseNumber(phase));
    }

    @Test
    void sumAddsCountsAndRecomputesThePercentage() {
        Progress sum = PlanDerivations.sum(java.util.List.of(
                new Progress(3, 1, 1, 1, 0, 0, 33), new Progress(2, 2, 0, 0, 0, 0, 100), new Progress(1, 0, 0, 0, 1, 0, 0),
                new Progress(2, 0, 1, 0, 0, 1, 0)));
        org.junit.jupiter.api.Assertions.assertEquals(new Progress(8, 3, 2, 1, 1, 1, 38), sum);
        org.junit.jupiter.api.Assertions.assertEquals(Progress.EMPTY, PlanDerivations.sum(java.util.List.of()));
    }
}
