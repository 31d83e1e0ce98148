package dev.planwatch.registry;

/** Signals to single processes (SIGTERM via the JDK's destroy, SIGKILL via destroyForcibly), and their exit. */
public final class ProcessSignals {

    private ProcessSignals() {
    }

    /** Exited and not yet reaped: gone for every purpose here. */
    public static boolean isZombie(long pid) {
        return ProcessTable.read(pid).map(ProcessTable.ProcessInfo::zombie).orElse(false);
    }

    /**
     * Sends SIGTERM, or SIGKILL when {@code kill}, to the process {@code pid}. The JDK checks the
     * process's start time as it signals, so a pid reused meanwhile is not hit.
     */
    public static void send(long pid, boolean kill) {
        ProcessHandle.of(pid).ifPresent(process -> {
            if (kill) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
        });
    }
}
