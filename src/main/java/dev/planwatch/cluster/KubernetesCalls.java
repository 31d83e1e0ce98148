package dev.planwatch.cluster;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The cluster launcher's calls of the Kubernetes API, with the client's failure turned into what the
 * caller answers. The client's exception is caught here, not in the beans: the JVM loads the class
 * of a caught exception when it links the class that catches it, and the beans are linked on the
 * local launcher too, where no class of the client may be loaded.
 */
final class KubernetesCalls {

    private KubernetesCalls() {
    }

    /** What a caller makes of the client's failure: the HTTP status (0 when none came) and the client's message. */
    interface Failure {
        RuntimeException of(int status, String message);
    }

    /** A call that reads, failing as reads do. */
    interface Read<T> {
        T run() throws IOException;
    }

    /** Runs {@code call}; a failure is a 503 {@code CLUSTER_UNAVAILABLE}: "The Kubernetes API did not {@code what}: …". */
    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw unavailable(what, e);
        }
    }

    /** Runs {@code call}; a failure is thrown as {@code failed} makes it. */
    static <T> T call(Supplier<T> call, Failure failed) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw failed.of(e.getCode(), e.getMessage());
        }
    }

    /** Runs {@code call}; a failure of the client is an {@link IOException}, as a failed read is. */
    static <T> T read(Read<T> call) throws IOException {
        try {
            return call.run();
        } catch (KubernetesClientException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static ApiException unavailable(String what, KubernetesClientException e) {
        Map<String, Object> details = new HashMap<>();
        details.put("status", e.getCode());
        details.put("reason", e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
        return new ApiException(ErrorCode.CLUSTER_UNAVAILABLE, "The Kubernetes API did not " + what + ": "
                + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()), details);
    }
}
