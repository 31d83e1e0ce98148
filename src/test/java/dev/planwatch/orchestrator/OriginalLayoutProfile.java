package dev.planwatch.orchestrator;

import java.util.HashMap;
import java.util.Map;

/**
 * The test orchestrator as the real one behaves: it runs the plan current-plan.txt names (so
 * planwatch points the file and allows one plan per checkout), daemonises into a group it does not
 * lead, runs a worker per task and a final run after unregistering.
 */
public class OriginalLayoutProfile extends ControlProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.remove("planwatch.orchestrator.environment.PLANWATCH_DEMO_PLAN_FROM_CURRENT");
        overrides.put("planwatch.orchestrator.reads-current-plan", "true");
        overrides.put("planwatch.orchestrator.environment.PLANWATCH_DEMO_COMPLETE_SECONDS", "3");
        overrides.put("planwatch.orchestrator.environment.PLANWATCH_TEST_MARK", "configured");
        return overrides;
    }
}
