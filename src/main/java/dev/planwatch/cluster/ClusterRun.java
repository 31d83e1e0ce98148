package dev.planwatch.cluster;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One plan run in the cluster as the hub sees it from its Job and pod.
 *
 * @param id         the run's id: its Job's name (what the orchestrator endpoints take)
 * @param plan       the plan it runs
 * @param run        the run label
 * @param state      {@code pending} (no pod yet, or a pod not started), {@code running}, {@code stopping}
 *                   (deleted, its pod ending), {@code succeeded} or {@code failed}
 * @param reason     why it is failed or held up: {@code ImagePullBackOff}, {@code OOMKilled},
 *                   {@code DeadlineExceeded}, {@code Evicted}, an exit code; null when nothing is wrong
 * @param message    Kubernetes's words for the reason, when it gave any
 * @param pod        its pod's name, null before the pod exists
 * @param podIp      its pod's IP, where the sidecar is reached; null before it has one
 * @param startedAt  when the Job was created
 * @param finishedAt when it completed or failed; null before
 */
@RegisterForReflection
public record ClusterRun(String id, String plan, String run, String state, String reason, String message, String pod,
                         String podIp, String startedAt, String finishedAt) {

    public boolean active() {
        return "pending".equals(state) || "running".equals(state) || "stopping".equals(state);
    }
}
