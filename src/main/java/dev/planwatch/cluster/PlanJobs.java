package dev.planwatch.cluster;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.orchestrator.StartRequest;
import dev.planwatch.workspace.Timestamps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Job of one plan run. Its pod clones the repository at the plan's branch (init container
 * {@code checkout}), runs planwatch as a native sidecar (init container {@code planwatch} with
 * {@code restartPolicy: Always}, so the Job completes when the orchestrator does) in control mode
 * over the shared process namespace, and runs the orchestrator in the foreground (container
 * {@code orchestrator}). Retries stay a person's decision ({@code backoffLimit: 0}, {@code restartPolicy:
 * Never}); the run's deadline is the start's {@code timeout}, else the configured longest run. A
 * configured YAML Job is merged over this one.
 */
public final class PlanJobs {

    public static final String PLAN_LABEL = "planwatch.dev/plan";
    public static final String RUN_LABEL = "planwatch.dev/run";
    /** The plan's exact name: a label value is limited to 63 characters of a narrower alphabet. */
    public static final String PLAN_ANNOTATION = "planwatch.dev/plan";
    /**
     * When the hub created the Job, to the millisecond: a Job's creation time has whole seconds, and
     * two runs of a plan may start within one (a run that failed at once, and the next).
     */
    public static final String STARTED_ANNOTATION = "planwatch.dev/started-at";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String SIDECAR = "planwatch";
    public static final String ORCHESTRATOR = "orchestrator";
    public static final String CHECKOUT = "checkout";
    public static final String SIDECAR_PORT_NAME = "planwatch";
    public static final String WORKSPACE = "/workspace";
    static final String WORKSPACE_VOLUME = "workspace";
    static final String SCRATCH_VOLUME = "scratch";
    /**
     * {@code /tmp}, shared by the pod's containers: the orchestrator makes its IPC socket there, and
     * the sidecar pauses and resumes it through that socket. A container's own {@code /tmp} is not
     * another's, so without this volume the sidecar could not reach the orchestrator.
     */
    static final String TMP_VOLUME = "tmp";
    /** The planwatch image's user: every container runs as it, so the sidecar may signal the orchestrator. */
    static final long RUN_AS = 1001;
    /** The sidecar's own state (notification outbox), outside the checkout. */
    static final String SIDECAR_STATE = "/scratch/planwatch-state";

    private final PlanwatchConfig.Kubernetes settings;
    private final Duration stopTimeout;
    private final Map<String, String> orchestratorEnvironment;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Optional<JsonNode> template;
    private final String checkoutScript = script("checkout.sh");
    private final String orchestratorScript = script("orchestrator.sh");

    public PlanJobs(PlanwatchConfig config) {
        this.settings = config.kubernetes();
        this.stopTimeout = config.orchestrator().maxStopTimeout();
        this.orchestratorEnvironment = config.orchestrator().environment();
        this.template = settings.jobTemplate().map(this::readTemplate);
    }

    /** What a started run is known by: the Job's name, the run's label, and when it was started. */
    public record RunName(String job, String run, Instant startedAt) {
    }

    /**
     * The Job of run {@code name} of {@code plan} (its markdown at {@code planPath}, relative to the
     * repository root), whose orchestrator appends to {@code logPath}.
     */
    public Job job(String plan, String planPath, String logPath, RunName name, StartRequest request) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "planwatch-plan");
        labels.put(MANAGED_BY, "planwatch");
        labels.put(PLAN_LABEL, labelValue(plan));
        labels.put(RUN_LABEL, name.run());
        long deadline = request.timeout() != null ? request.timeout() : settings.maxRunTime().toSeconds();
        // On the pod too: a pod may outlive its Job, and then stands for the run.
        Map<String, String> annotations = Map.of(PLAN_ANNOTATION, plan, STARTED_ANNOTATION, Timestamps.format(name.startedAt()));
        Job job = new JobBuilder()
                .withNewMetadata()
                    .withName(name.job())
                    .withLabels(labels)
                    .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(deadline)
                    .withTtlSecondsAfterFinished((int) settings.ttlAfterFinished().toSeconds())
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withShareProcessNamespace(true)
                            // A stop lets the orchestrator end its session for as long as a local stop would.
                            .withTerminationGracePeriodSeconds(Math.max(30, stopTimeout.toSeconds() + 10))
                            .withNewSecurityContext()
                                .withRunAsUser(RUN_AS).withRunAsGroup(RUN_AS).withFsGroup(RUN_AS).withRunAsNonRoot(true)
                            .endSecurityContext()
                            .addNewVolume().withName(WORKSPACE_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                            .addNewVolume().withName(SCRATCH_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                            .addNewVolume().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                            .withInitContainers(checkout(plan, planPath), sidecar())
                            .withContainers(orchestrator(plan, planPath, logPath, request))
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
        return template.map(overlay -> merged(job, overlay)).orElse(job);
    }

    private Container checkout(String plan, String planPath) {
        return new ContainerBuilder()
                .withName(CHECKOUT)
                .withImage(settings.gitImage())
                .withCommand("sh", "-c", checkoutScript)
                .withEnv(env("REPOSITORY", settings.repository().orElse("")),
                        env("WORKSPACE", WORKSPACE),
                        env("PLAN_BRANCH", "plan/" + plan),
                        env("MAIN_BRANCH", settings.mainBranch()),
                        env("PLAN_PATH", planPath),
                        env("HOME", "/scratch"),
                        secretEnv("GIT_USERNAME", settings.gitSecret(), "username"),
                        secretEnv("GIT_TOKEN", settings.gitSecret(), "token"))
                .withVolumeMounts(mounts())
                .build();
    }

    private Container sidecar() {
        return new ContainerBuilder()
                .withName(SIDECAR)
                .withImage(settings.planwatchImage())
                // A native sidecar: started before the orchestrator, stopped after it, and not awaited by the Job.
                .withRestartPolicy("Always")
                .addNewPort().withName(SIDECAR_PORT_NAME).withContainerPort(settings.sidecarPort()).endPort()
                .withEnv(env("PLANWATCH_WORKSPACE", WORKSPACE),
                        env("PLANWATCH_ORCHESTRATOR_MODE", "control"),
                        env("PLANWATCH_STATE_DIR", SIDECAR_STATE),
                        env("QUARKUS_HTTP_HOST", "0.0.0.0"),
                        env("QUARKUS_HTTP_PORT", Integer.toString(settings.sidecarPort())),
                        secretEnv("PLANWATCH_SECURITY_TOKEN", settings.tokenSecret(), "token"))
                .withNewReadinessProbe()
                    .withNewHttpGet().withPath("/q/health/ready").withNewPort(SIDECAR_PORT_NAME).endHttpGet()
                    .withPeriodSeconds(5)
                .endReadinessProbe()
                .withVolumeMounts(mounts())
                .build();
    }

    private Container orchestrator(String plan, String planPath, String logPath, StartRequest request) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", orchestratorScript, ORCHESTRATOR));
        command.addAll(orchestratorArgv(plan, planPath, request));
        List<EnvVar> environment = new ArrayList<>();
        environment.add(env("ORCHESTRATOR_LOG", WORKSPACE + "/" + logPath));
        environment.add(env("PYTHONUNBUFFERED", "1"));
        environment.add(env("HOME", "/scratch"));
        orchestratorEnvironment.forEach((key, value) -> environment.add(env(key, value)));
        return new ContainerBuilder()
                .withName(ORCHESTRATOR)
                .withImage(settings.orchestratorImage())
                .withCommand(command)
                .withWorkingDir(WORKSPACE)
                .withEnv(environment)
                .withVolumeMounts(mounts())
                .build();
    }

    /** The configured argv with the start's options, as a local start passes them, never {@code --daemon}. */
    List<String> orchestratorArgv(String plan, String planPath, StartRequest request) {
        List<String> argv = new ArrayList<>();
        for (String part : settings.orchestratorCommand()) {
            if (!"--daemon".equals(part)) {
                argv.add(part.replace("{planPath}", planPath).replace("{plan}", plan));
            }
        }
        addNumber(argv, "--batch-size", request.batchSize());
        addNumber(argv, "--max-iterations", request.maxIterations());
        addNumber(argv, "--timeout", request.timeout());
        if (Boolean.FALSE.equals(request.autoComplete())) {
            argv.add("--no-auto-complete");
        }
        return argv;
    }

    private static void addNumber(List<String> argv, String flag, Integer value) {
        if (value != null) {
            argv.add(flag);
            argv.add(value.toString());
        }
    }

    private static List<VolumeMount> mounts() {
        return List.of(new VolumeMountBuilder().withName(WORKSPACE_VOLUME).withMountPath(WORKSPACE).build(),
                new VolumeMountBuilder().withName(SCRATCH_VOLUME).withMountPath("/scratch").build(),
                new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /** A variable from a Secret's key; a missing Secret or key leaves it unset rather than failing the pod. */
    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef(key, secret, true).endValueFrom()
                .build();
    }

    /**
     * A label value for {@code plan}: at most 63 characters of letters, digits, {@code -_.},
     * starting and ending with a letter or digit. Plan names already are, up to that length.
     */
    public static String labelValue(String plan) {
        String value = plan.replaceAll("[^A-Za-z0-9._-]", "-");
        if (value.length() > 63) {
            value = value.substring(0, 63);
        }
        return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    /** A DNS label from {@code plan} for the Job's name: lower case, digits and dashes, at most {@code max} long. */
    static String dnsPart(String plan, int max) {
        String part = plan.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
        if (part.length() > max) {
            part = part.substring(0, max);
        }
        part = part.replaceAll("^-+", "").replaceAll("-+$", "");
        return part.isEmpty() ? "plan" : part;
    }

    private JsonNode readTemplate(String file) {
        try {
            return serialization.unmarshal(Files.readString(Path.of(file), StandardCharsets.UTF_8), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Job template " + file, e);
        }
    }

    private Job merged(Job job, JsonNode overlay) {
        JsonNode base = serialization.convertValue(job, JsonNode.class);
        return serialization.convertValue(merge(base, overlay), Job.class);
    }

    /**
     * {@code overlay} over {@code base}: objects key by key, lists of named objects (containers,
     * volumes, environment variables, ports) element by name with new names appended, anything else
     * replaced by the overlay's value.
     */
    static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (base instanceof ObjectNode baseObject && overlay instanceof ObjectNode overlayObject) {
            ObjectNode result = baseObject.deepCopy();
            Iterator<Map.Entry<String, JsonNode>> fields = overlayObject.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode existing = result.get(field.getKey());
                result.set(field.getKey(), existing == null ? field.getValue().deepCopy() : merge(existing, field.getValue()));
            }
            return result;
        }
        if (base instanceof ArrayNode baseArray && overlay instanceof ArrayNode overlayArray && named(baseArray) && named(overlayArray)) {
            ArrayNode result = baseArray.deepCopy();
            for (JsonNode item : overlayArray) {
                int index = indexOf(result, item.get("name").asText());
                if (index < 0) {
                    result.add(item.deepCopy());
                } else {
                    result.set(index, merge(result.get(index), item));
                }
            }
            return result;
        }
        return overlay.deepCopy();
    }

    private static boolean named(ArrayNode array) {
        for (JsonNode item : array) {
            if (!item.isObject() || !item.path("name").isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(ArrayNode array, String name) {
        for (int i = 0; i < array.size(); i++) {
            if (name.equals(array.get(i).path("name").asText())) {
                return i;
            }
        }
        return -1;
    }

    private static String script(String name) {
        try (InputStream in = PlanJobs.class.getResourceAsStream("/kubernetes/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The resource /kubernetes/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
