package dev.planwatch.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a process planwatch starts may not inherit: its secrets, however their names are spelt. */
class ChildEnvironmentTest {

    @Test
    void planwatchsSecretsAreRemovedAndEverythingElseKept() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "PLANWATCH_SECURITY_TOKEN", "t",
                "planwatch.security.token", "t",
                "PLANWATCH_NOTIFY_WEBHOOK_SECRET", "s",
                "planwatch.notify.webhook.url", "https://hooks.invalid/x",
                "PLANWATCH_NOTIFY_SLACK_URL", "https://hooks.invalid/slack",
                "PLANWATCH_NOTIFY_DISCORD_URL", "https://hooks.invalid/discord",
                "planwatch-notify-ntfy-url", "https://ntfy.invalid/topic",
                "PATH", "/usr/bin",
                "PLANWATCH_PLANS_DIR", "docs/plans",
                "PLANWATCH_NOTIFY_COMMAND_TIMEOUT", "10s"));
        ChildEnvironment.removeSecrets(environment);
        assertEquals(Map.of("PATH", "/usr/bin", "PLANWATCH_PLANS_DIR", "docs/plans", "PLANWATCH_NOTIFY_COMMAND_TIMEOUT", "10s"),
                environment);
    }
}
