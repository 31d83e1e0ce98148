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

    /**
     * What the client itself reaches by reflection: its implementation (made by name by
     * {@code KubernetesClientBuilder}), the JSON it reads besides resources (the server's version,
     * exec and OIDC credentials) and its own deserialisers. Its {@code Utils} holds a
     * {@code Random}, so it is initialised at run time ({@code application.properties}).
     */
    @RegisterForReflection(classNames = {"io.fabric8.kubernetes.client.impl.KubernetesClientImpl",
            "io.fabric8.kubernetes.client.VersionInfo", "io.fabric8.kubernetes.client.Config$ExecCredential",
            "io.fabric8.kubernetes.client.Config$ExecCredentialSpec", "io.fabric8.kubernetes.client.Config$ExecCredentialStatus",
            "io.fabric8.kubernetes.client.utils.OpenIDConnectionUtils$OpenIdConfiguration",
            "io.fabric8.kubernetes.client.utils.OpenIDConnectionUtils$OAuthToken", "io.fabric8.kubernetes.api.model.AnyType",
            "io.fabric8.kubernetes.api.model.IntOrString", "io.fabric8.kubernetes.internal.KubernetesDeserializer"})
    static final class Client {

        private Client() {
        }
    }
}
