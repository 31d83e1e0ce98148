package dev.planwatch.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/**
 * The remote runs as last reported ({@link RemoteRunsChanged}); none while no launcher reports any
 * (the local launcher never does). The registry view merges them with the registry's entries.
 */
@ApplicationScoped
public class RemoteRuns {

    private volatile List<RemoteRun> current = List.of();

    /** Default priority: before the change detector, which observes the same event later to re-read the view. */
    void onChanged(@Observes RemoteRunsChanged changed) {
        current = changed.runs();
    }

    public List<RemoteRun> current() {
        return current;
    }
}
