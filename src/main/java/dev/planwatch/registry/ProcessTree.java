package dev.planwatch.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an orchestrator's processes are: its registered pid and the process group and session it
 * was in when last seen alive. A daemonised orchestrator is a member, not the leader, of a group
 * whose leader started a new session and exited; its workers are children in that group. So its
 * processes are those of its group, those of its session when the session is the group's own, and
 * every descendant of these (a child that left the group is still found by its parent). planwatch's
 * own process, group and session are never part of it.
 */
public record ProcessTree(long pid, long group, long session) {

    private static final long OWN_PID = ProcessHandle.current().pid();
    private static final ProcessTable.ProcessInfo OWN = ProcessTable.read(OWN_PID).orElse(null);

    /** The tree of the live process {@code pid}, if it can be read. */
    public static java.util.Optional<ProcessTree> of(long pid) {
        return ProcessTable.read(pid).filter(p -> !p.zombie()).map(p -> new ProcessTree(pid, p.group(), p.session()));
    }

    /** Whether this tree's group may be signalled as a whole: a real group that is not planwatch's. */
    boolean groupUsable() {
        return group > 1 && (OWN == null || (group != OWN.group() && group != OWN.session()));
    }

    private boolean sessionUsable() {
        return session == group && session > 1 && (OWN == null || session != OWN.session());
    }

    /**
     * The live processes of this orchestrator among {@code processes} (one reading of the table).
     * {@code pidVerified}: the registered pid is known to be the orchestrator still, so it counts
     * even where its group cannot be used.
     */
    public List<ProcessTable.ProcessInfo> members(List<ProcessTable.ProcessInfo> processes, boolean pidVerified) {
        boolean byGroup = groupUsable();
        boolean bySession = byGroup && sessionUsable();
        Set<Long> inside = new HashSet<>();
        Map<Long, List<ProcessTable.ProcessInfo>> children = new HashMap<>();
        for (ProcessTable.ProcessInfo p : processes) {
            if (p.zombie() || p.pid() == OWN_PID) {
                continue;
            }
            children.computeIfAbsent(p.parent(), k -> new ArrayList<>()).add(p);
            if ((byGroup && p.group() == group) || (bySession && p.session() == session) || (pidVerified && p.pid() == pid)) {
                inside.add(p.pid());
            }
        }
        // descendants of members, wherever they went
        List<Long> frontier = new ArrayList<>(inside);
        while (!frontier.isEmpty()) {
            long parent = frontier.remove(frontier.size() - 1);
            for (ProcessTable.ProcessInfo child : children.getOrDefault(parent, List.of())) {
                if (inside.add(child.pid())) {
                    frontier.add(child.pid());
                }
            }
        }
        List<ProcessTable.ProcessInfo> members = new ArrayList<>(inside.size());
        for (ProcessTable.ProcessInfo p : processes) {
            if (inside.contains(p.pid()) && !p.zombie() && p.pid() != OWN_PID) {
                members.add(p);
            }
        }
        return members;
    }
}
