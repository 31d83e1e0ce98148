package dev.planwatch.cluster;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The cluster launcher's calls of the Kubernetes API, with the client's failure turned into a 503
 * {@code CLUSTER_UNAVAILABLE}. The client's exception is caught here, not in the beans: the JVM loads
 * the class of a caught exception when it links the class that catches it, and the beans are linked
 * on the local launcher too, where no class of the client may be loaded.
 */
final class KubernetesCalls {

    private KubernetesCalls() {
    }

    /** Runs {@code call}; {@code what} completes "The Kubernetes API did not …" when it fails. */
    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw unavailable(what, e);
        }
    }

    static ApiException unavailable(String what, KubernetesClientException e) {
        Map<String, Object> details = new HashMap<>();
        details.put("status", e.getCode());
        details.put("reason", e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
        return new ApiException(ErrorCode.CLUSTER_UNAVAILABLE, "The Kubernetes API did not " + what + ": "
                + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()), details);
    }
}
