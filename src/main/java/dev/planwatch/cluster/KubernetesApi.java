package dev.planwatch.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The hub's Kubernetes client, built on first use: only the cluster launcher asks for it, so a
 * planwatch on the local launcher loads no class of the client at all. It runs on Quarkus's own
 * Vert.x (no second event loop) and takes fabric8's own configuration: its {@code kubernetes.*}
 * system properties and {@code KUBERNETES_*} environment variables, else the kubeconfig file, else,
 * in a pod, the service account's token, CA certificate and namespace. {@code quarkus.tls.trust-all}
 * makes it trust any certificate, as it does every other client of the application.
 */
@ApplicationScoped
class KubernetesApi {

    private final boolean trustAll;
    private final Vertx vertx;
    private KubernetesClient client;

    KubernetesApi(@ConfigProperty(name = "quarkus.tls.trust-all", defaultValue = "false") boolean trustAll, Vertx vertx) {
        this.trustAll = trustAll;
        this.vertx = vertx;
    }

    synchronized KubernetesClient client() {
        if (client == null) {
            client = Builder.build(trustAll, vertx);
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /**
     * Builds the client. A class of its own: the JVM's verifier loads the classes that one type is
     * passed as another in a class's code when it links that class, and this bean is linked on the
     * local launcher too, where no class of the client may be loaded.
     */
    static final class Builder {

        private Builder() {
        }

        static KubernetesClient build(boolean trustAll, Vertx vertx) {
            return new KubernetesClientBuilder()
                    .withConfig(config(trustAll))
                    .withHttpClientFactory(new VertxHttpClientFactory(vertx))
                    .build();
        }

        static Config config(boolean trustAll) {
            Config config = Config.autoConfigure(null);
            return trustAll ? new ConfigBuilder(config).withTrustCerts(true).build() : config;
        }
    }
}
