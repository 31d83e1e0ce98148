package dev.planwatch.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processes of this machine as {@code /proc} describes them: pid, parent, process group,
 * session, state and command line. The JDK's {@code ProcessHandle} knows none of group, session or
 * zombie state, and an orchestrator's processes are found by exactly those.
 */
public final class ProcessTable {

    private static final Path PROC = Path.of("/proc");
    /** A displayed argument longer than this is shortened (a Java class path runs to kilobytes). */
    private static final int MAX_ARGUMENT_CHARS = 80;

    private ProcessTable() {
    }

    /** One process: its pid, parent, process group, session and state letter. */
    public record ProcessInfo(long pid, long parent, long group, long session, char state) {

        public boolean zombie() {
            return state == 'Z' || state == 'X';
        }
    }

    /** The process {@code pid}, if it exists. */
    public static Optional<ProcessInfo> read(long pid) {
        return read(PROC.resolve(Long.toString(pid)), pid);
    }

    /** Every process there is now (zombies included; callers decide). */
    public static List<ProcessInfo> all() {
        List<ProcessInfo> processes = new ArrayList<>(256);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                    try {
                        read(entry, Long.parseLong(name)).ifPresent(processes::add);
                    } catch (NumberFormatException e) {
                        // not a process directory
                    }
                }
            }
        } catch (IOException e) {
            // no /proc: no processes can be listed
        }
        return processes;
    }

    private static Optional<ProcessInfo> read(Path dir, long pid) {
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses
            int close = stat.lastIndexOf(')');
            String[] fields = stat.substring(close + 2).split(" ");
            char state = fields[0].charAt(0);
            long parent = Long.parseLong(fields[1]);
            long group = Long.parseLong(fields[2]);
            long session = Long.parseLong(fields[3]);
            return Optional.of(new ProcessInfo(pid, parent, group, session, state));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The argv of {@code pid}, empty when it is gone, unreadable or a kernel thread. */
    public static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            if (raw.length == 0) {
                return List.of();
            }
            String text = new String(raw, StandardCharsets.UTF_8);
            if (text.endsWith("\0")) {
                text = text.substring(0, text.length() - 1);
            }
            return List.of(text.split("\0", -1));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The argv of {@code pid} for display: joined by spaces, each argument longer than 80 characters shortened. */
    public static String displayCommand(long pid) {
        StringBuilder line = new StringBuilder();
        for (String argument : commandLine(pid)) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(argument.length() > MAX_ARGUMENT_CHARS
                    ? argument.substring(0, MAX_ARGUMENT_CHARS - 1) + "\u2026"
                    : argument);
        }
        return line.toString();
    }
}
