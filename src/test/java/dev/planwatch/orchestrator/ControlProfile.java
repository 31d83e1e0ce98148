package dev.planwatch.orchestrator;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Orchestrators are the test orchestrator script (the demo orchestrator, misbehaving on cue), told
 * to run the plan {@code --plan} names.
 */
public class ControlProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Path script = Path.of(ControlProfile.class.getClassLoader().getResource("test-orchestrator.sh").toURI());
            String classPath = System.getProperty("java.class.path").replace(",", "\\,");
            return Map.of(
                    "planwatch.orchestrator.command", "sh," + script + "," + classPath + ",--plan,{planPath},--daemon",
                    "planwatch.orchestrator.start-timeout", "20s",
                    "planwatch.orchestrator.start-grace", "3s",
                    // An orchestrator that runs the plan --plan names: several plans may run at once.
                    "planwatch.orchestrator.reads-current-plan", "false",
                    "planwatch.orchestrator.environment.PLANWATCH_DEMO_PLAN_FROM_CURRENT", "0");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
