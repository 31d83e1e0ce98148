package dev.planwatch.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Signals to processes and process groups. The JDK signals single processes only (SIGTERM via
 * destroy, SIGKILL via destroyForcibly); a group is signalled with {@code kill(1)}.
 */
public final class ProcessSignals {

    private static final long OWN_GROUP = groupOf(ProcessHandle.current().pid()).orElse(-1);

    private ProcessSignals() {
    }

    /** The process group of {@code pid}, from {@code /proc/<pid>/stat}. */
    public static OptionalLong groupOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[2]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Exited, or exited and not yet reaped (a zombie is gone for every purpose here). */
    public static boolean isGone(ProcessHandle process) {
        return !process.isAlive() || isZombie(process.pid());
    }

    public static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Sends TERM or KILL to the process's group when it leads its own group (as a daemonised or
     * setsid-started orchestrator does, so its children go too), else to the process alone.
     * Never to this service's own group.
     */
    public static void signal(ProcessHandle process, boolean kill) {
        OptionalLong group = groupOf(process.pid());
        if (group.isPresent() && group.getAsLong() == process.pid() && group.getAsLong() != OWN_GROUP && group.getAsLong() > 1) {
            try {
                Process killer = new ProcessBuilder("kill", "-s", kill ? "KILL" : "TERM", "--", "-" + group.getAsLong())
                        .redirectErrorStream(true).start();
                if (killer.waitFor(5, TimeUnit.SECONDS) && killer.exitValue() == 0) {
                    return;
                }
            } catch (IOException e) {
                // no kill(1): signal the process itself below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
    }
}
