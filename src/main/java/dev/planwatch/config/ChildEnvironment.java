package dev.planwatch.config;

import java.util.Locale;
import java.util.Map;

/**
 * The environment planwatch hands to the processes it starts (orchestrators and, through them, the
 * workers that run a task's code; git; the notification command). planwatch's own secrets are taken out of it: a task's code
 * holding the token could drive the control API. The variables a user configures for the
 * orchestrator ({@code planwatch.orchestrator.environment}) are added afterwards and still apply.
 */
public final class ChildEnvironment {

    /**
     * planwatch's secrets, as environment variable names (upper case, {@code .} and {@code -} as
     * {@code _}): the API token, the webhook's signing key, and the notification URLs, which carry
     * the receivers' own tokens (a Slack or Discord webhook URL is its credential).
     */
    private static final java.util.Set<String> SECRETS = java.util.Set.of("PLANWATCH_SECURITY_TOKEN",
            "PLANWATCH_NOTIFY_WEBHOOK_SECRET", "PLANWATCH_NOTIFY_WEBHOOK_URL", "PLANWATCH_NOTIFY_SLACK_URL",
            "PLANWATCH_NOTIFY_DISCORD_URL", "PLANWATCH_NOTIFY_NTFY_URL");

    private ChildEnvironment() {
    }

    /** Removes planwatch's secrets from {@code environment}, whatever spelling of their names it uses. */
    public static void removeSecrets(Map<String, String> environment) {
        environment.keySet().removeIf(ChildEnvironment::isSecret);
    }

    static boolean isSecret(String name) {
        return SECRETS.contains(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
}
