package dev.planwatch.worktrees;

import dev.planwatch.orchestrator.ControlProfile;

import java.util.HashMap;
import java.util.Map;

/**
 * The test orchestrator (the demo orchestrator) as the real one behaves: it runs the plan its
 * pointer names (the worktree's under {@code --worktree}), one second per task.
 */
public class ParallelPlansProfile extends ControlProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.remove("planwatch.orchestrator.environment.PLANWATCH_DEMO_PLAN_FROM_CURRENT");
        overrides.put("planwatch.orchestrator.reads-current-plan", "true");
        overrides.put("planwatch.orchestrator.environment.PLANWATCH_DEMO_STEP_SECONDS", "1");
        overrides.put("planwatch.orchestrator.environment.PLANWATCH_DEMO_COMPLETE_SECONDS", "1");
        return overrides;
    }
}
