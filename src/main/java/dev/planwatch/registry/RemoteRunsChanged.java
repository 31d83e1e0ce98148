package dev.planwatch.registry;

import java.util.List;

/**
 * Every remote run as it now stands (an immutable snapshot, not a delta), fired by the launcher that
 * follows them whenever one of them changes. {@link RemoteRuns} keeps it; the change detector
 * re-reads the registry view on it, as it does when the registry file changes.
 */
public record RemoteRunsChanged(List<RemoteRun> runs) {

    public RemoteRunsChanged {
        runs = List.copyOf(runs);
    }
}
