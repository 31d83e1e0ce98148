package dev.planwatch.live;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** File watching off (the fallback alone) and a short heartbeat, so both can be observed quickly. */
public class PollingOnlyProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "planwatch.live.watch", "false",
                "planwatch.live.poll-interval", "100ms",
                "planwatch.live.heartbeat", "300ms");
    }
}
