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

    /** The process group of {@code pid}, from {@code /proc/<pid>/stat}; -1 when it is gone. */
    public static long groupOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The session of {@code pid}, from {@code /proc/<pid>/stat}; -1 when it is gone. */
    public static long sessionOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The live (not zombie) processes of session {@code session}, read from {@code /proc}. */
    public static java.util.List<Long> inSession(long session) {
        java.util.List<Long> members = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    long pid = Long.parseLong(name);
                    if (sessionOf(pid) == session && !exited(pid)) {
                        members.add(pid);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return members;
    }

    /** The live (not zombie) processes of process group {@code group}, read from {@code /proc}. */
    public static java.util.List<Long> inGroup(long group) {
        java.util.List<Long> members = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (groupOf(pid) == group && !exited(pid)) {
                    members.add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return members;
    }

    /** The environment of {@code pid} as NAME=value entries. */
    public static java.util.List<String> environment(long pid) throws IOException {
        return java.util.Arrays.asList(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                java.nio.charset.StandardCharsets.UTF_8).split("\0"));
    }

    /** Kills each process and its descendants: what a test started must not outlive it. */
    public static void destroyTrees(Iterable<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(process -> {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            });
        }
    }

    /** What a launched process printed to {@code output}, or a note that there is nothing to read. */
    public static String printed(java.nio.file.Path output) {
        try {
            return java.nio.file.Files.readString(output);
        } catch (java.io.IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
