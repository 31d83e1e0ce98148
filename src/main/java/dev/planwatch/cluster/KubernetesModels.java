package dev.planwatch.cluster;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Kubernetes resources the hub writes and reads as JSON, with every type they hold, kept for
 * reflection in the native binary: planwatch uses the plain fabric8 client, so no extension
 * registers them. A resource the cluster code starts to send or read is added here.
 */
@RegisterForReflection(targets = {Job.class, JobList.class, Pod.class, PodList.class, WatchEvent.class, Status.class,
        DeleteOptions.class}, registerFullHierarchy = true)
final class KubernetesModels {

    private KubernetesModels() {
    }
}
