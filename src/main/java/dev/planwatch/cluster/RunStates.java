package dev.planwatch.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a run's Job and pod say of it: its state, and the reason when it failed or is held up. */
final class RunStates {

    /** Waiting reasons that will not pass by themselves: the run is held up, and a person must act. */
    private static final Set<String> STUCK = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "CrashLoopBackOff", "RunContainerError");

    private RunStates() {
    }

    /**
     * The run of {@code job}, whose pod is {@code pod} (null before it exists or once it is gone);
     * {@code deleted}: this hub deleted the Job (its informer may not have seen that yet).
     */
    static ClusterRun of(Job job, Pod pod, boolean deleted) {
        Map<String, String> labels = job.getMetadata().getLabels();
        String run = labels == null ? null : labels.get(PlanJobs.RUN_LABEL);
        String podName = pod == null ? null : pod.getMetadata().getName();
        String podIp = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        // A deleted Job's pod may outlive it by its grace period: the run is stopping until no process of the pod runs.
        boolean deleting = deleted || job.getMetadata().getDeletionTimestamp() != null;
        Outcome outcome = deleting && (pod == null || !ended(pod)) ? new Outcome("stopping", null, null, null) : outcome(job, pod);
        return new ClusterRun(job.getMetadata().getName(), planOf(job.getMetadata()), run, outcome.state(), outcome.reason(),
                outcome.message(), podName, podIp, startedAt(job.getMetadata()), outcome.finishedAt());
    }

    /**
     * The run {@code now} as read, given how it stood {@code before}: a failed run whose pod has gone
     * while its Job is still there (a foreground deletion, the TTL controller's, removes the pod
     * first) keeps the reason its pod gave, such as {@code OOMKilled}, over the Job's own
     * {@code BackoffLimitExceeded}: the pod leaving does not change why the run failed. (Once the pod
     * has gone, {@code before} carries that reason on from one reading to the next.)
     */
    static ClusterRun settled(ClusterRun before, ClusterRun now) {
        if (before == null || now.pod() != null || !"failed".equals(before.state()) || !"failed".equals(now.state())) {
            return now;
        }
        return new ClusterRun(now.id(), now.plan(), now.run(), now.state(), before.reason(), before.message(), now.pod(),
                now.podIp(), now.startedAt(), now.finishedAt());
    }

    /**
     * The run of a labelled pod whose Job is gone: the garbage collector deletes such a pod with the
     * pod's own grace period, so its orchestrator may still run. It stays its plan's run, stopping,
     * until it has ended: a second run of the plan must not start beside it. Null once it has ended.
     */
    static ClusterRun orphan(Pod pod) {
        if (ended(pod)) {
            return null;
        }
        String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        return new ClusterRun(jobOf(pod), planOf(pod.getMetadata()), pod.getMetadata().getLabels().get(PlanJobs.RUN_LABEL),
                "stopping", null, null, pod.getMetadata().getName(), podIp, startedAt(pod.getMetadata()), null);
    }

    /** The exact plan name from the annotation; the label (a shortened name) when it is missing. */
    private static String planOf(ObjectMeta metadata) {
        Map<String, String> annotations = metadata.getAnnotations();
        return annotations != null && annotations.get(PlanJobs.PLAN_ANNOTATION) != null
                ? annotations.get(PlanJobs.PLAN_ANNOTATION) : metadata.getLabels().get(PlanJobs.PLAN_LABEL);
    }

    /** When the hub started the run, to the millisecond; the creation time (whole seconds) when the annotation is missing. */
    private static String startedAt(ObjectMeta metadata) {
        Map<String, String> annotations = metadata.getAnnotations();
        return annotations != null && annotations.get(PlanJobs.STARTED_ANNOTATION) != null
                ? annotations.get(PlanJobs.STARTED_ANNOTATION) : metadata.getCreationTimestamp();
    }

    /** The name of the pod's Job (the run's id): its Job controller's labels, else its owner; else the pod's own name. */
    static String jobOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        for (String key : List.of("batch.kubernetes.io/job-name", "job-name")) {
            if (labels != null && labels.get(key) != null) {
                return labels.get(key);
            }
        }
        if (pod.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference owner : pod.getMetadata().getOwnerReferences()) {
                if ("Job".equals(owner.getKind()) && owner.getName() != null) {
                    return owner.getName();
                }
            }
        }
        return pod.getMetadata().getName();
    }

    /** Whether none of the pod's processes can run any more: it reached a final phase and no container runs. */
    static boolean ended(Pod pod) {
        if (pod.getStatus() == null) {
            return false;
        }
        String phase = pod.getStatus().getPhase();
        return ("Succeeded".equals(phase) || "Failed".equals(phase))
                && statuses(pod).stream().noneMatch(s -> s.getState() != null && s.getState().getRunning() != null);
    }

    private record Outcome(String state, String reason, String message, String finishedAt) {
    }

    private static Outcome outcome(Job job, Pod pod) {
        Optional<Problem> podProblem = problem(pod);
        Optional<JobCondition> failed = condition(job, "Failed");
        if (failed.isPresent()) {
            // The pod says more than the Job's BackoffLimitExceeded (OOMKilled, an exit code); a deadline is the Job's own.
            String jobReason = failed.get().getReason();
            boolean podSaysMore = podProblem.isPresent() && !"DeadlineExceeded".equals(jobReason);
            return new Outcome("failed", podSaysMore ? podProblem.get().reason() : jobReason,
                    podSaysMore ? podProblem.get().message() : failed.get().getMessage(), failed.get().getLastTransitionTime());
        }
        Optional<JobCondition> complete = condition(job, "Complete");
        if (complete.isPresent()) {
            return new Outcome("succeeded", null, null, complete.get().getLastTransitionTime());
        }
        if (job.getMetadata().getDeletionTimestamp() != null) {
            return new Outcome("stopping", null, null, null);
        }
        String phase = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Failed".equals(phase)) {
            Problem problem = podProblem.orElse(new Problem(pod.getStatus().getReason(), pod.getStatus().getMessage()));
            return new Outcome("failed", problem.reason(), problem.message(), null);
        }
        if ("Succeeded".equals(phase)) {
            return new Outcome("succeeded", null, null, null);
        }
        if (podProblem.isPresent()) {
            return new Outcome("pending", podProblem.get().reason(), podProblem.get().message(), null);
        }
        if ("Running".equals(phase) && orchestratorRunning(pod)) {
            return new Outcome("running", null, null, null);
        }
        return new Outcome("pending", null, null, null);
    }

    private record Problem(String reason, String message) {
    }

    /** Eviction, a container that cannot start, an orchestrator killed for memory or ended with an error, a failed checkout. */
    private static Optional<Problem> problem(Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return Optional.empty();
        }
        if ("Evicted".equals(pod.getStatus().getReason())) {
            return Optional.of(new Problem("Evicted", pod.getStatus().getMessage()));
        }
        for (ContainerStatus status : statuses(pod)) {
            if (status.getState() == null) {
                continue;
            }
            ContainerStateWaiting waiting = status.getState().getWaiting();
            if (waiting != null && STUCK.contains(waiting.getReason())) {
                return Optional.of(new Problem(waiting.getReason(), status.getName() + ": " + waiting.getMessage()));
            }
            ContainerStateTerminated terminated = status.getState().getTerminated();
            boolean mustSucceed = PlanJobs.ORCHESTRATOR.equals(status.getName()) || PlanJobs.CHECKOUT.equals(status.getName());
            if (terminated != null && mustSucceed && terminated.getExitCode() != null && terminated.getExitCode() != 0) {
                String reason = "OOMKilled".equals(terminated.getReason()) ? "OOMKilled"
                        : status.getName() + " exited with code " + terminated.getExitCode();
                return Optional.of(new Problem(reason, terminated.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static boolean orchestratorRunning(Pod pod) {
        return statuses(pod).stream().anyMatch(s -> PlanJobs.ORCHESTRATOR.equals(s.getName())
                && s.getState() != null && s.getState().getRunning() != null);
    }

    private static List<ContainerStatus> statuses(Pod pod) {
        List<ContainerStatus> all = new ArrayList<>();
        if (pod.getStatus().getInitContainerStatuses() != null) {
            all.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            all.addAll(pod.getStatus().getContainerStatuses());
        }
        return all;
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }
}
