package dev.planwatch.registry;

/** No registry entry (nor remembered start) has this orchestrator id. */
public class OrchestratorNotFoundException extends RuntimeException {

    private final String id;

    public OrchestratorNotFoundException(String id) {
        super("Orchestrator not found: " + id, null, false, false);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
