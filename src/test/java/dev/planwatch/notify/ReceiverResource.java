package dev.planwatch.notify;

import dev.planwatch.testing.Receiver;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link Receiver} for every HTTP channel (webhook signed with {@link #SECRET}, Slack, Discord,
 * ntfy), a command channel that keeps each event it reads from standard input in a directory and
 * then hangs (so its timeout is what ends it), and a fresh state directory: the configuration
 * planwatch starts with.
 */
public class ReceiverResource implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "test-secret-\u00e9";
    private static volatile Receiver receiver;
    private static volatile Path commandDir;
    private static volatile Path stateDir;

    public static Receiver receiver() {
        return receiver;
    }

    public static Path commandDir() {
        return commandDir;
    }

    public static Path stateDir() {
        return stateDir;
    }

    @Override
    public Map<String, String> start() {
        try {
            receiver = new Receiver();
            commandDir = Files.createTempDirectory("planwatch-command");
            stateDir = Files.createTempDirectory("planwatch-state");
            Path script = commandDir.resolve("notify.sh");
            // Keeps the event it reads, names its pid, then hangs until planwatch kills it.
            Files.writeString(script, "cat > \"$1/event-$$.json\"\necho $$ > \"$1/pid-$$\"\nexec sleep 60\n");
            seed(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("planwatch.state-dir", stateDir.toString());
        config.put("planwatch.notify.webhook.url", receiver.url("/webhook"));
        config.put("planwatch.notify.webhook.secret", SECRET);
        config.put("planwatch.notify.webhook.events", "plan.completed,plan.failed,task.failed,orchestrator.crashed,plan.stalled");
        config.put("planwatch.notify.slack.url", receiver.url("/slack"));
        config.put("planwatch.notify.discord.url", receiver.url("/discord"));
        config.put("planwatch.notify.ntfy.url", receiver.url("/ntfy/planwatch"));
        config.put("planwatch.notify.command.argv", "sh," + commandDir.resolve("notify.sh") + "," + commandDir);
        config.put("planwatch.notify.command.events", "task.failed");
        config.put("planwatch.notify.command.timeout", "1s");
        config.put("planwatch.notify.stall-after", "2s");
        config.put("planwatch.notify.retry-initial", "200ms");
        config.put("planwatch.notify.retry-max", "1s");
        config.put("planwatch.notify.max-attempts", "8");
        return config;
    }

    /** What the state directory holds before planwatch starts; nothing here (a first start). */
    protected void seed(Path stateDir) throws IOException {
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
