package dev.planwatch.plans.catalog;

import dev.planwatch.registry.OrchestratorRef;

/**
 * One plan as the catalog holds it: its files, the digest of its status.json (its full task
 * records are read through {@link StatusRecords}), its orchestrator and worktree. Immutable;
 * rebuilt when any of its inputs changes.
 *
 * @param description the plan's objective or first paragraph (see {@code PlanMarkdown}); null when it has none
 * @param statusFile  workspace-relative path of the status.json in use (a worktree's when it runs there)
 * @param statusError why the current version of status.json could not be read (the last good parse is served)
 */
public record PlanView(
        String name,
        String path,
        boolean markdownExists,
        String title,
        String description,
        boolean hasStatus,
        String statusFile,
        String statusError,
        StatusDigest digest,
        String status,
        OrchestratorRef orchestrator,
        WorktreeRef worktree,
        String lastUpdatedAt) {

    public Progress progress() {
        return digest.progress();
    }
}
