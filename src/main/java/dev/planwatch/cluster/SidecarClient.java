package dev.planwatch.cluster;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.config.PlanwatchConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Calls the planwatch sidecar of a run's pod, at the pod's IP and the sidecar's port, with the
 * token the sidecars share with the hub ({@code planwatch.security.token}, from the same Secret).
 * Runs on worker threads.
 */
@ApplicationScoped
public class SidecarClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper mapper;
    private final int port;
    private final Optional<String> token;
    private final Duration requestTimeout;

    public SidecarClient(ObjectMapper mapper, PlanwatchConfig config) {
        this.mapper = mapper;
        this.port = config.kubernetes().sidecarPort();
        this.token = config.security().token();
        // A stop waits for the orchestrator to end, up to the longest stop timeout.
        this.requestTimeout = config.orchestrator().maxStopTimeout().plusSeconds(10);
    }

    /**
     * The orchestrator id the sidecar knows the run's plan by; empty while none is registered there.
     * The run's own id is none: a sidecar that knows the run itself is a hub, not the pod's planwatch.
     */
    Optional<String> orchestratorOf(ClusterRun run) {
        JsonNode plan = call(run, "GET", "/api/plans/" + encode(run.plan()), null);
        JsonNode id = plan.path("data").path("orchestrator").path("id");
        return id.isTextual() && !run.id().equals(id.asText()) ? Optional.of(id.asText()) : Optional.empty();
    }

    /**
     * Whether the orchestrator of the run's plan is paused, as the sidecar's orchestrator list says
     * (it asks the orchestrator over IPC); empty while none runs there or it did not say.
     */
    Optional<Boolean> pausedOf(ClusterRun run) {
        for (JsonNode orchestrator : call(run, "GET", "/api/orchestrators", null).path("data")) {
            if (run.plan().equals(orchestrator.path("plan").asText()) && !run.id().equals(orchestrator.path("id").asText())
                    && orchestrator.path("running").asBoolean(false)) {
                JsonNode paused = orchestrator.path("paused");
                return paused.isBoolean() ? Optional.of(paused.asBoolean()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** {@code POST path} on the run's sidecar with a JSON body (or none); the sidecar's JSON answer. */
    JsonNode post(ClusterRun run, String path, Object body) {
        return call(run, "POST", path, body);
    }

    /** A sidecar's answer as the record it is (the sidecar is this program: its replies are this program's). */
    <T> T read(JsonNode answer, Class<T> type) {
        try {
            return mapper.treeToValue(answer, type);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INTERNAL_ERROR, "A sidecar's answer could not be read: " + e.getMessage(), Map.of());
        }
    }

    /** The root of the run's sidecar, {@code http://<pod IP>:<sidecar port>}; the pod must have an IP. */
    URI base(ClusterRun run) {
        String host = run.podIp().contains(":") ? "[" + run.podIp() + "]" : run.podIp();
        return URI.create("http://" + host + ":" + port);
    }

    int port() {
        return port;
    }

    Optional<String> token() {
        return token;
    }

    private JsonNode call(ClusterRun run, String method, String path, Object body) {
        if (run.podIp() == null) {
            throw unreachable(run, "its pod has no IP yet");
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base(run).resolve(path))
                    .timeout(requestTimeout)
                    .header("Accept", "application/json");
            token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
            if ("POST".equals(method)) {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : mapper.writeValueAsString(body)));
            } else {
                request.GET();
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isBlank() ? mapper.createObjectNode() : mapper.readTree(response.body());
            if (response.statusCode() >= 400) {
                // The sidecar's own error (its code and words) is the caller's answer too.
                ErrorCode code = errorCode(answer.path("code").asText(), response.statusCode());
                throw new ApiException(code, "The sidecar of run " + run.id() + " answered: "
                        + answer.path("error").asText("HTTP " + response.statusCode()), Map.of("id", run.id()));
            }
            return answer;
        } catch (IOException e) {
            throw unreachable(run, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(run, "interrupted");
        }
    }

    private static ErrorCode errorCode(String code, int status) {
        try {
            return ErrorCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            return status == 401 || status == 403 ? ErrorCode.ORCHESTRATOR_UNREACHABLE : ErrorCode.STOP_FAILED;
        }
    }

    static ApiException unreachable(ClusterRun run, String why) {
        return new ApiException(ErrorCode.ORCHESTRATOR_UNREACHABLE, "The sidecar of run " + run.id() + " is not reachable: " + why,
                Map.of("id", run.id()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
