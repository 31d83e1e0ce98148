package dev.planwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process checks for tests that start real processes. */
public final class Processes {

    private Processes() {
    }

    /** Gone, or a zombie waiting for whoever adopted it to reap it: either way it has exited. */
    public static boolean exited(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                int close = stat.lastIndexOf(')');
                return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
            } catch (IOException e) {
                return true;
            }
        }
        return true;
    }
}
