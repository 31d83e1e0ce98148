package dev.planwatch.cluster;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The keys of Quarkus's kubernetes-client extension, which planwatch reads itself because it builds
 * the plain fabric8 client (on the cluster launcher only): each key set overrides what fabric8 finds
 * on its own. Quarkus still logs each one set as unrecognised, since no extension declares it; the
 * value is read all the same.
 */
@ConfigMapping(prefix = "quarkus.kubernetes-client")
public interface KubernetesClientConfig {

    /** Whether the client trusts any certificate. */
    Optional<Boolean> trustCerts();

    /** URL of the Kubernetes API server. */
    Optional<String> apiServerUrl();

    /** Former name of {@code api-server-url}; that one wins when both are set. */
    Optional<String> masterUrl();

    /** The client's default namespace ({@code planwatch.kubernetes.namespace} wins for the plan Jobs). */
    Optional<String> namespace();

    /** CA certificate file. */
    Optional<String> caCertFile();

    /** CA certificate data. */
    Optional<String> caCertData();

    /** A kubeconfig file read instead of fabric8's own discovery. */
    Optional<String> kubeconfigFile();

    /** Client certificate file. */
    Optional<String> clientCertFile();

    /** Client certificate data. */
    Optional<String> clientCertData();

    /** Client key file. */
    Optional<String> clientKeyFile();

    /** Client key data. */
    Optional<String> clientKeyData();

    /** Client key algorithm. */
    Optional<String> clientKeyAlgo();

    /** Client key passphrase. */
    Optional<String> clientKeyPassphrase();

    /** Kubernetes user name. */
    Optional<String> username();

    /** Kubernetes password. */
    Optional<String> password();

    /** Kubernetes OAuth token. */
    Optional<String> token();

    /** Wait before a watch reconnects. */
    Optional<Duration> watchReconnectInterval();

    /** How many times a watch reconnects before giving up (-1: for ever). */
    OptionalInt watchReconnectLimit();

    /** Connection timeout. */
    Optional<Duration> connectionTimeout();

    /** Request timeout. */
    Optional<Duration> requestTimeout();

    /** How many times a failed request is retried. */
    OptionalInt requestRetryBackoffLimit();

    /** First wait before a failed request is retried (doubled at each retry). */
    Optional<Duration> requestRetryBackoffInterval();

    /** HTTP proxy of the API requests. */
    Optional<String> httpProxy();

    /** HTTPS proxy of the API requests. */
    Optional<String> httpsProxy();

    /** Proxy user name. */
    Optional<String> proxyUsername();

    /** Proxy password. */
    Optional<String> proxyPassword();

    /** Hosts reached without the proxy. */
    Optional<List<String>> noProxy();
}
