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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The hub's Kubernetes client, built on first use: only the cluster launcher asks for it, so a
 * planwatch on the local launcher loads no class of the client at all. It runs on Quarkus's own
 * Vert.x (no second event loop) and is configured as Quarkus's kubernetes-client extension would
 * configure it: fabric8's own discovery ({@code kubernetes.*} system properties, {@code KUBERNETES_*}
 * variables, the kubeconfig, in a pod the service account), then the {@code quarkus.kubernetes-client.*}
 * keys over it, and {@code quarkus.tls.trust-all} when {@code trust-certs} is not set.
 */
@ApplicationScoped
class KubernetesApi {

    private final KubernetesClientConfig settings;
    private final Optional<Boolean> trustAll;
    private final Vertx vertx;
    private KubernetesClient client;

    KubernetesApi(KubernetesClientConfig settings, @ConfigProperty(name = "quarkus.tls.trust-all") Optional<Boolean> trustAll,
                  Vertx vertx) {
        this.settings = settings;
        this.trustAll = trustAll;
        this.vertx = vertx;
    }

    synchronized KubernetesClient client() {
        if (client == null) {
            client = Builder.build(settings, trustAll, vertx);
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

        static KubernetesClient build(KubernetesClientConfig settings, Optional<Boolean> trustAll, Vertx vertx) {
            return new KubernetesClientBuilder()
                    .withConfig(config(settings, trustAll))
                    .withHttpClientFactory(new VertxHttpClientFactory(vertx))
                    .build();
        }

        /** fabric8's configuration (or the kubeconfig file named), with every key set applied over it. */
        static Config config(KubernetesClientConfig settings, Optional<Boolean> trustAll) {
            Config base = settings.kubeconfigFile().map(Builder::kubeconfig).orElseGet(() -> Config.autoConfigure(null));
            ConfigBuilder config = new ConfigBuilder(base);
            settings.trustCerts().or(() -> trustAll).ifPresent(config::withTrustCerts);
            settings.apiServerUrl().or(settings::masterUrl).ifPresent(config::withMasterUrl);
            settings.namespace().ifPresent(config::withNamespace);
            settings.caCertFile().ifPresent(config::withCaCertFile);
            settings.caCertData().ifPresent(config::withCaCertData);
            settings.clientCertFile().ifPresent(config::withClientCertFile);
            settings.clientCertData().ifPresent(config::withClientCertData);
            settings.clientKeyFile().ifPresent(config::withClientKeyFile);
            settings.clientKeyData().ifPresent(config::withClientKeyData);
            settings.clientKeyAlgo().ifPresent(config::withClientKeyAlgo);
            settings.clientKeyPassphrase().ifPresent(config::withClientKeyPassphrase);
            settings.username().ifPresent(config::withUsername);
            settings.password().ifPresent(config::withPassword);
            settings.token().ifPresent(config::withOauthToken);
            settings.watchReconnectInterval().ifPresent(wait -> config.withWatchReconnectInterval(millis(wait)));
            settings.watchReconnectLimit().ifPresent(config::withWatchReconnectLimit);
            settings.connectionTimeout().ifPresent(timeout -> config.withConnectionTimeout(millis(timeout)));
            settings.requestTimeout().ifPresent(timeout -> config.withRequestTimeout(millis(timeout)));
            settings.requestRetryBackoffLimit().ifPresent(config::withRequestRetryBackoffLimit);
            settings.requestRetryBackoffInterval().ifPresent(wait -> config.withRequestRetryBackoffInterval(millis(wait)));
            settings.httpProxy().ifPresent(config::withHttpProxy);
            settings.httpsProxy().ifPresent(config::withHttpsProxy);
            settings.proxyUsername().ifPresent(config::withProxyUsername);
            settings.proxyPassword().ifPresent(config::withProxyPassword);
            settings.noProxy().ifPresent(hosts -> config.withNoProxy(hosts.toArray(String[]::new)));
            return config.build();
        }

        private static Config kubeconfig(String file) {
            try {
                return Config.fromKubeconfig(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the kubeconfig file " + file
                        + " (quarkus.kubernetes-client.kubeconfig-file)", e);
            }
        }

        private static int millis(Duration duration) {
            return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
        }
    }
}
