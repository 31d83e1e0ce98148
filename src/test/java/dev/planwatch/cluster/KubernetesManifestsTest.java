package dev.planwatch.cluster;

import dev.planwatch.config.PlanwatchConfig;
import dev.planwatch.orchestrator.StartRequest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests under docs/kubernetes match what the code expects of them: the hub's Role grants
 * exactly what the hub calls, the Secrets have the names and keys the Jobs and the hub read, the hub
 * Deployment configures the cluster launcher, the Job template merges over planwatch's Job without
 * losing what a run depends on, and the observe example only observes.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("docs/kubernetes");
    private static final Path HUB = MANIFESTS.resolve("hub.yaml");
    private static final Path JOB_TEMPLATE = MANIFESTS.resolve("job-template.yaml");
    private static final Path OBSERVE = MANIFESTS.resolve("observe-sidecar.yaml");

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @Test
    void theManifestsAreTheseThreeAndTheOldSidecarExampleIsGone() throws IOException {
        assertFalse(Files.exists(MANIFESTS.resolve("sidecar.yaml")),
                "sidecar.yaml ran the orchestrator with a flag it rejects; hub.yaml and observe-sidecar.yaml replace it");
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            assertEquals(Set.of("hub.yaml", "job-template.yaml", "observe-sidecar.yaml"),
                    files.map(file -> file.getFileName().toString()).collect(Collectors.toSet()));
        }
        for (Path file : List.of(HUB, OBSERVE)) {
            for (HasMetadata resource : documents(file)) {
                assertNotNull(resource.getMetadata().getName(), file + ": every resource is named");
                assertEquals("planwatch", resource.getMetadata().getNamespace(),
                        file + ": " + resource.getKind() + " " + resource.getMetadata().getName() + " is in the documented namespace");
            }
        }
    }

    @Test
    void theHubsRoleGrantsWhatTheHubCallsAndNothingMore() {
        List<HasMetadata> hub = documents(HUB);
        for (Path file : List.of(HUB, OBSERVE)) {
            for (HasMetadata resource : documents(file)) {
                assertFalse(resource.getKind().startsWith("Cluster"), file + ": nothing cluster-wide: " + resource.getKind());
            }
        }
        Role role = only(hub, Role.class);
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty(), "no rule narrowed to names");
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add((group.isEmpty() ? "core" : group) + " " + resource + " " + verb);
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(List.of(
                "batch jobs create", "batch jobs get", "batch jobs list", "batch jobs watch", "batch jobs delete",
                "core pods get", "core pods list", "core pods watch",
                "core pods/log get",
                "core events list")), grants);

        RoleBinding binding = only(hub, RoleBinding.class);
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        Deployment deployment = only(hub, Deployment.class);
        String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertNotNull(account, "the hub runs as its own ServiceAccount, not the namespace's default");
        assertEquals(1, binding.getSubjects().size());
        Subject subject = binding.getSubjects().get(0);
        assertEquals("ServiceAccount", subject.getKind());
        assertEquals(account, subject.getName());
        assertEquals(deployment.getMetadata().getNamespace(), subject.getNamespace());
        assertTrue(all(hub, ServiceAccount.class).stream().anyMatch(sa -> account.equals(sa.getMetadata().getName())),
                "the ServiceAccount exists");
    }

    @Test
    void theSecretsAreThoseTheJobsAndTheHubRead() {
        PlanwatchConfig config = config(Map.of("planwatch.kubernetes.repository", "https://git.example/team/repo.git"));
        PlanwatchConfig.Kubernetes settings = config.kubernetes();
        assertEquals("planwatch-token", settings.tokenSecret());
        assertEquals("planwatch-git", settings.gitSecret());

        Map<String, Set<String>> secrets = new HashMap<>();
        for (Secret secret : all(documents(HUB), Secret.class)) {
            Set<String> keys = new LinkedHashSet<>();
            if (secret.getStringData() != null) {
                keys.addAll(secret.getStringData().keySet());
            }
            if (secret.getData() != null) {
                keys.addAll(secret.getData().keySet());
            }
            secrets.put(secret.getMetadata().getName(), keys);
        }
        assertEquals(Map.of(settings.tokenSecret(), Set.of("token"), settings.gitSecret(), Set.of("username", "token")), secrets);

        // Every Secret key a plan run's pod reads is one of these.
        Job job = new PlanJobs(config).job("alpha", "docs/plans/alpha.md", "orchestrator-alpha.log",
                new PlanJobs.RunName("pw-alpha-r1", "r1", Instant.parse("2026-12-05T09:00:00.123Z")), StartRequest.DEFAULTS);
        Set<String> read = new TreeSet<>();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        for (Container container : containers(pod)) {
            for (EnvVar env : env(container)) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    read.add(env.getValueFrom().getSecretKeyRef().getName() + "/" + env.getValueFrom().getSecretKeyRef().getKey());
                }
            }
        }
        assertEquals(new TreeSet<>(List.of("planwatch-git/token", "planwatch-git/username", "planwatch-token/token")), read);
        for (String ref : read) {
            String[] parts = ref.split("/");
            assertTrue(secrets.getOrDefault(parts[0], Set.of()).contains(parts[1]), "hub.yaml has " + ref);
        }
        // What the manifests and the template read themselves: a Secret and key of hub.yaml, or a
        // Secret of the user's that may be missing.
        List<PodSpec> pods = new ArrayList<>();
        for (Path file : List.of(HUB, OBSERVE)) {
            all(documents(file), Deployment.class).forEach(deployment -> pods.add(deployment.getSpec().getTemplate().getSpec()));
        }
        pods.add(template().getSpec().getTemplate().getSpec());
        int refs = 0;
        for (PodSpec manifestPod : pods) {
            for (Container container : containers(manifestPod)) {
                for (EnvVar env : env(container)) {
                    SecretKeySelector ref = env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef();
                    if (ref != null) {
                        refs++;
                        assertTrue(secrets.getOrDefault(ref.getName(), Set.of()).contains(ref.getKey())
                                        || !secrets.containsKey(ref.getName()) && Boolean.TRUE.equals(ref.getOptional()),
                                container.getName() + ": " + env.getName() + " reads " + ref.getName() + "/" + ref.getKey());
                    }
                }
            }
        }
        assertTrue(refs >= 8, "references checked: " + refs);
    }

    @Test
    void theHubDeploymentIsTheClusterLauncherWithTheSidecarsToken() {
        List<HasMetadata> hub = documents(HUB);
        Deployment deployment = only(hub, Deployment.class);
        assertEquals(1, deployment.getSpec().getReplicas(), "one hub: the one-run-per-plan check is each hub's own");
        assertEquals("Recreate", deployment.getSpec().getStrategy().getType(), "no two hubs during a rollout");
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        assertFalse(template.getMetadata().getLabels().containsKey(PlanJobs.PLAN_LABEL),
                "the hub's pod is not a plan run to its own informer");
        PodSpec pod = template.getSpec();
        Container planwatch = container(pod.getContainers(), "planwatch");

        assertEquals("kubernetes", value(planwatch, "PLANWATCH_ORCHESTRATOR_LAUNCHER"));
        assertEquals("0.0.0.0", value(planwatch, "QUARKUS_HTTP_HOST"));
        assertEquals("3100", value(planwatch, "QUARKUS_HTTP_PORT"));
        assertEquals("metadata.namespace", env(planwatch, "PLANWATCH_KUBERNETES_NAMESPACE").getValueFrom().getFieldRef().getFieldPath(),
                "the Jobs go to the hub's own namespace, where its Role applies");

        SecretKeySelector token = env(planwatch, "PLANWATCH_SECURITY_TOKEN").getValueFrom().getSecretKeyRef();
        PlanwatchConfig.Kubernetes defaults = config(Map.of()).kubernetes();
        assertEquals(defaults.tokenSecret(), token.getName(), "the hub's token is the sidecars' token");
        assertEquals("token", token.getKey());
        assertNotEquals(Boolean.TRUE, token.getOptional(), "the hub must not start without its token");

        ContainerPort port = planwatch.getPorts().get(0);
        assertEquals(1, planwatch.getPorts().size());
        assertEquals("http", port.getName());
        assertEquals(3100, port.getContainerPort());
        assertProbe(planwatch.getReadinessProbe(), "/q/health/ready", "http");
        assertProbe(planwatch.getLivenessProbe(), "/q/health/live", "http");
        assertProbe(planwatch.getStartupProbe(), "/q/health/started", "http");
        assertNotNull(planwatch.getResources().getRequests().get("memory"));
        assertNotNull(planwatch.getResources().getLimits().get("memory"));

        // The repository and the images come from one ConfigMap, which has each key read.
        ConfigMap settings = only(hub, ConfigMap.class);
        Map<String, String> data = settings.getData();
        for (Container container : containers(pod)) {
            for (EnvVar env : env(container)) {
                ConfigMapKeySelector ref = env.getValueFrom() == null ? null : env.getValueFrom().getConfigMapKeyRef();
                if (ref != null) {
                    assertEquals(settings.getMetadata().getName(), ref.getName(), env.getName());
                    assertTrue(data.containsKey(ref.getKey()), env.getName() + " reads " + ref.getKey());
                }
            }
        }
        String repository = env(planwatch, "PLANWATCH_KUBERNETES_REPOSITORY").getValueFrom().getConfigMapKeyRef().getKey();
        assertTrue(data.get(repository).startsWith("https://"), data.get(repository));
        String sidecarImage = env(planwatch, "PLANWATCH_KUBERNETES_PLANWATCH_IMAGE").getValueFrom().getConfigMapKeyRef().getKey();
        assertEquals(data.get(sidecarImage), planwatch.getImage(), "hub and sidecars are one version of planwatch");

        // The workspace: the clone of the same repository and branch, on the volume planwatch serves.
        assertEquals(1, pod.getInitContainers().size());
        Container clone = pod.getInitContainers().get(0);
        assertEquals(defaults.gitImage(), clone.getImage());
        assertEquals(repository, env(clone, "REPOSITORY").getValueFrom().getConfigMapKeyRef().getKey());
        assertEquals(env(planwatch, "PLANWATCH_KUBERNETES_MAIN_BRANCH").getValueFrom().getConfigMapKeyRef().getKey(),
                env(clone, "MAIN_BRANCH").getValueFrom().getConfigMapKeyRef().getKey());
        assertEquals(defaults.gitSecret(), env(clone, "GIT_TOKEN").getValueFrom().getSecretKeyRef().getName());
        assertEquals(defaults.gitSecret(), env(clone, "GIT_USERNAME").getValueFrom().getSecretKeyRef().getName());
        String script = String.join(" ", clone.getCommand());
        assertTrue(script.contains("git clone") && script.contains("\"$REPOSITORY\" /workspace"), script);
        String workspace = value(planwatch, "PLANWATCH_WORKSPACE");
        VolumeMount served = mount(planwatch, workspace);
        assertEquals(served.getName(), mount(clone, workspace).getName(), "the clone fills the volume planwatch serves");
        assertNotNull(volume(pod, served.getName()).getEmptyDir());

        // The state directory, with the mirror of the runs (planwatch.kubernetes.mirror-dir unset: <state>/cluster),
        // on a volume of its own: a read-only root filesystem could not hold it, and the clone is the repository's.
        assertTrue(env(planwatch).stream().noneMatch(e -> e.getName().equals("PLANWATCH_KUBERNETES_MIRROR_DIR")),
                "the mirror is in the state directory");
        VolumeMount state = mount(planwatch, value(planwatch, "PLANWATCH_STATE_DIR"));
        assertNotEquals(served.getName(), state.getName(), "the mirror is not written into the clone");
        assertNotNull(volume(pod, state.getName()).getEmptyDir());

        // The Job template: the file PLANWATCH_KUBERNETES_JOB_TEMPLATE names is the ConfigMap's key.
        String templatePath = value(planwatch, "PLANWATCH_KUBERNETES_JOB_TEMPLATE");
        Path templateFile = Path.of(templatePath);
        VolumeMount templateMount = mount(planwatch, templateFile.getParent().toString());
        assertEquals("planwatch-job-template", volume(pod, templateMount.getName()).getConfigMap().getName());
        assertEquals(JOB_TEMPLATE.getFileName().toString(), templateFile.getFileName().toString(),
                "kubectl create configmap --from-file keeps the file's name as the key");

        Service service = only(hub, Service.class);
        assertEquals(template.getMetadata().getLabels(), service.getSpec().getSelector());
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(3100, service.getSpec().getPorts().get(0).getPort());
    }

    @Test
    void theJobTemplateMergesOverPlanwatchsJob() {
        Job fragment = template();
        assertEquals("Job", fragment.getKind());
        assertEquals("batch/v1", fragment.getApiVersion());

        Map<String, String> values = new HashMap<>();
        values.put("planwatch.kubernetes.repository", "https://git.example/team/repo.git");
        values.put("planwatch.kubernetes.job-template", JOB_TEMPLATE.toString());
        values.put("planwatch.orchestrator.environment.TZ", "UTC");
        StartRequest request = new StartRequest(null, null, null, null, null, 900, null, null);
        PlanwatchConfig plain = config(Map.of("planwatch.kubernetes.repository", "https://git.example/team/repo.git",
                "planwatch.orchestrator.environment.TZ", "UTC"));
        PlanJobs.RunName name = new PlanJobs.RunName("pw-alpha-r1", "r1", Instant.parse("2026-12-05T09:00:00.123Z"));
        Job base = new PlanJobs(plain).job("alpha", "docs/plans/alpha.md", "orchestrator-alpha.log", name, request);
        Job job = new PlanJobs(config(values)).job("alpha", "docs/plans/alpha.md", "orchestrator-alpha.log", name, request);

        // What the run depends on is planwatch's still.
        assertEquals(base.getMetadata(), job.getMetadata());
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(900L, job.getSpec().getActiveDeadlineSeconds(), "the start's timeout is still the deadline");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        PodSpec basePod = base.getSpec().getTemplate().getSpec();
        assertEquals(base.getSpec().getTemplate().getMetadata().getLabels(), job.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals("Never", pod.getRestartPolicy());
        assertTrue(pod.getShareProcessNamespace());
        assertEquals(basePod.getVolumes(), pod.getVolumes());
        assertEquals(List.of(PlanJobs.CHECKOUT, PlanJobs.SIDECAR), pod.getInitContainers().stream().map(Container::getName).toList());
        assertEquals(List.of(PlanJobs.ORCHESTRATOR), pod.getContainers().stream().map(Container::getName).toList());
        assertEquals(basePod.getInitContainers().get(0), pod.getInitContainers().get(0), "the checkout is untouched");

        Container sidecar = container(pod.getInitContainers(), PlanJobs.SIDECAR);
        Container baseSidecar = container(basePod.getInitContainers(), PlanJobs.SIDECAR);
        assertEquals("Always", sidecar.getRestartPolicy(), "still a native sidecar");
        assertEquals(baseSidecar.getPorts(), sidecar.getPorts());
        assertEquals(baseSidecar.getEnv(), sidecar.getEnv());
        assertEquals(baseSidecar.getImage(), sidecar.getImage());
        assertEquals("256Mi", sidecar.getResources().getLimits().get("memory").toString());

        Container orchestrator = container(pod.getContainers(), PlanJobs.ORCHESTRATOR);
        Container baseOrchestrator = container(basePod.getContainers(), PlanJobs.ORCHESTRATOR);
        assertEquals(baseOrchestrator.getCommand(), orchestrator.getCommand());
        assertEquals(baseOrchestrator.getImage(), orchestrator.getImage());
        assertEquals(baseOrchestrator.getVolumeMounts(), orchestrator.getVolumeMounts());
        assertEquals("4Gi", orchestrator.getResources().getLimits().get("memory").toString());
        assertEquals("500m", orchestrator.getResources().getRequests().get("cpu").toString());
        // planwatch's variables first and unchanged, the template's appended.
        List<EnvVar> environment = orchestrator.getEnv();
        assertEquals(baseOrchestrator.getEnv(), environment.subList(0, baseOrchestrator.getEnv().size()));
        assertEquals("UTC", value(orchestrator, "TZ"));
        List<String> added = environment.subList(baseOrchestrator.getEnv().size(), environment.size()).stream()
                .map(EnvVar::getName).toList();
        assertEquals(List.of("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
                "GIT_USERNAME", "GIT_TOKEN", "ANTHROPIC_API_KEY"), added);
        // The credentials the checkout's helper reads, so that the run can push its branch.
        Container checkout = container(basePod.getInitContainers(), PlanJobs.CHECKOUT);
        for (String variable : List.of("GIT_USERNAME", "GIT_TOKEN")) {
            assertEquals(env(checkout, variable).getValueFrom(), env(orchestrator, variable).getValueFrom(), variable);
        }
        assertEquals(value(checkout, "HOME"), value(orchestrator, "HOME"), "the helper is in the HOME both share");
        SecretKeySelector agent = env(orchestrator, "ANTHROPIC_API_KEY").getValueFrom().getSecretKeyRef();
        assertTrue(agent.getOptional(), "a Secret of the user's that may be missing must not keep the pod from starting");
        // A valueFrom merged over one of planwatch's variables would carry both value and valueFrom.
        for (Container container : containers(fragment.getSpec().getTemplate().getSpec())) {
            for (EnvVar env : env(container)) {
                if (env.getValueFrom() != null) {
                    Container mine = container(containers(basePod), container.getName());
                    assertTrue(env(mine).stream().noneMatch(e -> e.getName().equals(env.getName())), env.getName());
                }
            }
        }

        // The pod-level overrides.
        assertEquals(Map.of("kubernetes.io/os", "linux"), pod.getNodeSelector());
        assertEquals(1, pod.getTolerations().size());
        assertEquals("NoSchedule", pod.getTolerations().get(0).getEffect());
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
        Map<String, String> annotations = job.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("alpha", annotations.get(PlanJobs.PLAN_ANNOTATION), "planwatch's annotation kept");
        assertEquals("false", annotations.get("cluster-autoscaler.kubernetes.io/safe-to-evict"));

        // The plan pods' ServiceAccount is hub.yaml's, holds no token, and no Role is bound to it.
        List<HasMetadata> hub = documents(HUB);
        String account = pod.getServiceAccountName();
        ServiceAccount planAccount = all(hub, ServiceAccount.class).stream()
                .filter(sa -> account.equals(sa.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("hub.yaml has no ServiceAccount " + account));
        assertEquals(Boolean.FALSE, planAccount.getAutomountServiceAccountToken());
        assertNotEquals(only(hub, Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName(), account,
                "an orchestrator must not hold the hub's rights");
        for (RoleBinding binding : all(hub, RoleBinding.class)) {
            assertTrue(binding.getSubjects().stream().noneMatch(s -> account.equals(s.getName())), "no Role for the plan pods");
        }
    }

    @Test
    void theObserveExampleOnlyObserves() throws IOException {
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.toList()) {
                assertFalse(Files.readString(file, StandardCharsets.UTF_8).contains("--continuous"),
                        file + ": the orchestrator rejects --continuous");
            }
        }
        Deployment deployment = only(documents(OBSERVE), Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertNotEquals(Boolean.TRUE, pod.getShareProcessNamespace(), "observe mode needs no view of the orchestrator's processes");
        Container planwatch = container(pod.getContainers(), "planwatch");
        assertEquals("observe", value(planwatch, "PLANWATCH_ORCHESTRATOR_MODE"));
        assertTrue(env(planwatch).stream().noneMatch(e -> e.getName().equals("PLANWATCH_ORCHESTRATOR_LAUNCHER")
                || e.getName().startsWith("PLANWATCH_KUBERNETES_")), "not a hub");
        SecretKeySelector token = env(planwatch, "PLANWATCH_SECURITY_TOKEN").getValueFrom().getSecretKeyRef();
        assertEquals("planwatch-token", token.getName());
        assertEquals("token", token.getKey());
        assertEquals("0.0.0.0", value(planwatch, "QUARKUS_HTTP_HOST"));

        // The person's orchestrator container shares the repository planwatch reads, read-only for planwatch.
        Container orchestrator = container(pod.getContainers(), "orchestrator");
        String workspace = value(planwatch, "PLANWATCH_WORKSPACE");
        VolumeMount read = mount(planwatch, workspace);
        assertTrue(read.getReadOnly());
        assertEquals(read.getName(), mount(orchestrator, workspace).getName());
        assertEquals(workspace, orchestrator.getWorkingDir());
        assertEquals(List.of("sleep", "infinity"), orchestrator.getCommand(), "a shell a person execs into, not a run");
        assertTrue(orchestrator.getArgs() == null || orchestrator.getArgs().isEmpty(), "no orchestrator argv: the person runs it");
        assertNotNull(volume(pod, read.getName()).getPersistentVolumeClaim());
        String claim = volume(pod, read.getName()).getPersistentVolumeClaim().getClaimName();
        assertTrue(documents(OBSERVE).stream().anyMatch(r -> "PersistentVolumeClaim".equals(r.getKind())
                && claim.equals(r.getMetadata().getName())), "the claim is in the file");
        assertProbe(planwatch.getReadinessProbe(), "/q/health/ready", "http");
        assertProbe(planwatch.getLivenessProbe(), "/q/health/live", "http");
    }

    @Test
    void everyPlanwatchVariableOfTheManifestsIsAConfigurationKey() {
        Set<String> known = new TreeSet<>();
        collectKeys("planwatch", PlanwatchConfig.class, known);
        Set<String> used = new TreeSet<>();
        for (Path file : List.of(HUB, OBSERVE)) {
            for (Deployment deployment : all(documents(file), Deployment.class)) {
                for (Container container : containers(deployment.getSpec().getTemplate().getSpec())) {
                    for (EnvVar env : env(container)) {
                        if (env.getName().startsWith("PLANWATCH_")) {
                            used.add(env.getName());
                        }
                    }
                }
            }
        }
        assertTrue(used.contains("PLANWATCH_KUBERNETES_REPOSITORY"), used.toString());
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, "variables no configuration key reads");
    }

    // ---- helpers

    private List<HasMetadata> documents(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : text.split("(?m)^---\\s*$")) {
            boolean empty = document.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
            if (!empty) {
                HasMetadata resource = serialization.unmarshal(document);
                assertNotNull(resource, file + ": a document that is not a resource");
                assertKnownFieldsOnly(file + ": " + resource.getKind() + " " + resource.getMetadata().getName(), resource);
                resources.add(resource);
            }
        }
        assertFalse(resources.isEmpty(), file + " has resources");
        return resources;
    }

    /**
     * No field the model does not know: a misspelt one ({@code readinesProbe}) would parse into the
     * model's additional properties here and be dropped or refused by the API server.
     */
    private static void assertKnownFieldsOnly(String where, Object resource) {
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(resource, "", unknown);
        assertEquals(List.of(), unknown, where + ": fields the Kubernetes model does not know");
    }

    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectUnknownFields(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectUnknownFields(item, path + "." + key, unknown));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(getter.toString(), e);
            }
            if ("getAdditionalProperties".equals(getter.getName())) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " " + extra.keySet());
                }
            } else {
                collectUnknownFields(child, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }

    private Job template() {
        try {
            Job fragment = serialization.unmarshal(Files.readString(JOB_TEMPLATE, StandardCharsets.UTF_8), Job.class);
            assertKnownFieldsOnly(JOB_TEMPLATE.toString(), fragment);
            return fragment;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> resources, Class<T> type) {
        List<T> found = all(resources, type);
        assertEquals(1, found.size(), "one " + type.getSimpleName());
        return found.get(0);
    }

    private static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>();
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        if (pod.getContainers() != null) {
            all.addAll(pod.getContainers());
        }
        return all;
    }

    private static Container container(List<Container> containers, String name) {
        return containers.stream().filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    private static List<EnvVar> env(Container container) {
        return container.getEnv() == null ? List.of() : container.getEnv();
    }

    private static EnvVar env(Container container, String name) {
        return env(container).stream().filter(e -> name.equals(e.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
    }

    private static String value(Container container, String name) {
        String value = env(container, name).getValue();
        assertNotNull(value, name + " is a literal");
        return value;
    }

    private static VolumeMount mount(Container container, String path) {
        return container.getVolumeMounts().stream().filter(m -> path.equals(m.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + path));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> name.equals(v.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static void assertProbe(Probe probe, String path, String port) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals(port, probe.getHttpGet().getPort().getStrVal());
    }

    /** The configuration as planwatch reads it, from {@code values} and the defaults only. */
    static PlanwatchConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withMapping(PlanwatchConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build()
                .getConfigMapping(PlanwatchConfig.class);
    }

    /** Each key's environment variable ({@code planwatch.kubernetes.repository} is {@code PLANWATCH_KUBERNETES_REPOSITORY}). */
    private static void collectKeys(String prefix, Class<?> mapping, Set<String> variables) {
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName named = method.getAnnotation(WithName.class);
            String key = prefix + "." + (named != null ? named.value()
                    : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
            if (method.getReturnType().isInterface() && method.getReturnType().getEnclosingClass() == PlanwatchConfig.class) {
                collectKeys(key, method.getReturnType(), variables);
            } else {
                variables.add(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
        }
    }
}
