package dev.planwatch.api;

/** Every error code the API emits, with the HTTP status it travels with. */
public enum ErrorCode {
    INVALID_REQUEST(400),
    AUTH_REQUIRED(401),
    FORBIDDEN_ORIGIN(403),
    FORBIDDEN_HOST(403),
    NOT_FOUND(404),
    PLAN_NOT_FOUND(404),
    FINDING_NOT_FOUND(404),
    LOGS_NOT_FOUND(404),
    NOT_RUNNING(404),
    TASK_NOT_FOUND(404),
    ORCHESTRATOR_NOT_FOUND(404),
    WORKTREE_NOT_FOUND(404),
    NO_BRANCH(404),
    /** A plan that exists (its markdown) but has no status.json yet. */
    STATUS_NOT_FOUND(404),
    FILE_NOT_CHANGED(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    ALREADY_RUNNING(409),
    CONTROL_DISABLED(409),
    WORKSPACE_BUSY(409),
    RESOURCE_EXHAUSTED(409),
    INSUFFICIENT_DISK(409),
    WORKTREE_EXISTS(409),
    WORKTREE_BUSY(409),
    WORKTREE_DIRTY(409),
    WORKTREE_UNMERGED(409),
    TASK_NOT_SKIPPABLE(409),
    TASK_NOT_RETRYABLE(409),
    NO_NOTIFICATION_CHANNEL(409),
    /** A start in the cluster without the repository its pod clones ({@code planwatch.kubernetes.repository}). */
    CLUSTER_NOT_CONFIGURED(409),
    /** A status.json that is not a JSON object with a task list: planwatch will not rewrite it. */
    STATUS_UNUSABLE(409),
    /** A plan's output directory was swapped (for a link, say) while a change of its status.json waited. */
    STATUS_MOVED(409),
    PAYLOAD_TOO_LARGE(413),
    /** A status.json over {@code planwatch.status-max-size}. */
    STATUS_TOO_LARGE(413),
    /** A request target (path and query) too long to be one planwatch could answer. */
    URI_TOO_LONG(414),
    UNSUPPORTED_MEDIA_TYPE(415),
    INTERNAL_ERROR(500),
    START_FAILED(500),
    STOP_FAILED(500),
    ORCHESTRATOR_UNREACHABLE(503),
    LOGS_BUSY(503),
    STATUS_LOCKED(503),
    SHUTTING_DOWN(503),
    GIT_UNAVAILABLE(503),
    /** The Kubernetes API refused or did not answer. */
    CLUSTER_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
