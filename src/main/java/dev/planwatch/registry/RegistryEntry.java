package dev.planwatch.registry;

/**
 * One registry instance, in either shape found in the wild: the real writer's
 * {@code {id, pid, plan_path, worktree_path, started_at, last_heartbeat, status, socket_path, port}}
 * or the seed's {@code {id, plan, status, pid, started_at, mode}}. {@code plan} is {@code plan},
 * else the stem of {@code plan_path}.
 */
public record RegistryEntry(
        String id,
        Long pid,
        String plan,
        String planPath,
        String worktreePath,
        String startedAt,
        String lastHeartbeat,
        String status,
        String socketPath,
        Integer port,
        String mode) {

    public boolean claimsRunning() {
        return "running".equals(status) || "stopping".equals(status);
    }

    /** This entry as read from the own registry of the worktree at {@code path}: it runs there, whatever it recorded. */
    public RegistryEntry inWorktree(String path) {
        return worktreePath != null && !worktreePath.isBlank() ? this
                : new RegistryEntry(id, pid, plan, planPath, path, startedAt, lastHeartbeat, status, socketPath, port, mode);
    }
}
