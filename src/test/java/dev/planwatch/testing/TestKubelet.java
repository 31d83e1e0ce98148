package dev.planwatch.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusFluent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The cluster for a {@link TestApiServer}: the Job controller, the garbage collector and a kubelet
 * that runs pods as processes of this machine.
 * <ul>
 * <li>A new Job gets a pod, as the Job controller makes it: the template's labels and spec, an
 * owner reference to the Job, and {@code status.active}. A pod that ends completes or fails its Job
 * ({@code backoffLimit: 0}: one pod, no retry); {@code activeDeadlineSeconds} fails it with
 * {@code DeadlineExceeded}.</li>
 * <li>The pod gets a loopback address of its own, 127.0.0.N (Linux answers on all of 127/8), and a
 * directory per {@code emptyDir} volume. Its init containers run in order, a native sidecar
 * ({@code restartPolicy: Always}) being started and left running with its readiness probed, then its
 * containers. A failed init container fails the pod. When the containers have ended the sidecars are
 * stopped, and the pod succeeds or fails by their exit codes.</li>
 * <li>A container is its command (else its image's entrypoint) with its environment (values, Secret
 * keys, pod fields) over its image's, in its working directory, as a new session ({@code setsid}), so
 * its processes are the session's. Paths the container sees are mapped to this machine's: volume
 * mounts to the volumes' directories, the image's own files ({@link Image#paths()}) to where they
 * are here, and {@code /tmp} to a directory of the container's own (JVMs are told so through
 * {@code JAVA_TOOL_OPTIONS}). An address of {@code 0.0.0.0} becomes the pod's: its processes share
 * this machine's network, not a namespace of the pod's. An image it does not know fails to pull.</li>
 * <li>A pod is deleted gracefully: it carries a finalizer of this kubelet, so its deletion marks it;
 * the kubelet sends SIGTERM to each container's main process (the containers first, then the
 * sidecars), SIGKILL to what is left of the container once that has ended or after the grace period (the deletion's, else the pod's
 * {@code terminationGracePeriodSeconds}; 0 at once), then removes the finalizer. A deleted Job's pods
 * are deleted, as the garbage collector does for any propagation but orphan.</li>
 * </ul>
 * What it cannot be: separate mount, PID and network namespaces (a process of one container could
 * reach another's files), image pulls, scheduling, resource limits, RBAC.
 */
public final class TestKubelet implements AutoCloseable {

    /**
     * An image, as far as running its containers goes: its entrypoint (run when a container has no
     * command), working directory and environment, and where its own directories are on this machine.
     */
    public record Image(List<String> entrypoint, String workingDir, Map<String, String> env, Map<String, Path> paths) {
    }

    /** Makes a pod's deletion wait for this kubelet to end its processes, as graceful deletion does. */
    public static final String FINALIZER = "kubelet.test.planwatch.dev/terminated";
    private static final String SETSID = "/usr/bin/setsid";
    private static final long DEFAULT_GRACE_SECONDS = 30;

    private final KubernetesClient api;
    private final String namespace;
    private final Map<String, Image> images;
    private final Path root;
    private final AtomicInteger lastAddress = new AtomicInteger(1);
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-kubelet-timers");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** By Job name: the pod of each Job seen, kept after it ended for the tests to look at. */
    private final Map<String, PodRun> pods = new ConcurrentHashMap<>();
    private final Set<String> jobsSeen = ConcurrentHashMap.newKeySet();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<Job> jobInformer;
    private final SharedIndexInformer<Pod> podInformer;
    /** Ends the pods' processes should this JVM end without {@link #close()}. */
    private final Thread onExit = new Thread(this::killPods, "test-kubelet-exit");
    private volatile boolean closed;

    public TestKubelet(KubernetesClient api, String namespace, Map<String, Image> images, Path root) {
        this.api = api;
        this.namespace = namespace;
        this.images = Map.copyOf(images);
        this.root = root;
        Runtime.getRuntime().addShutdownHook(onExit);
        jobInformer = api.batch().v1().jobs().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                if (jobsSeen.add(job.getMetadata().getName())) {
                    background(() -> runJob(job));
                }
            }

            @Override
            public void onUpdate(Job before, Job after) {
                // a Job's own changes are this kubelet's status updates
            }

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {
                background(() -> collect(job));
            }
        });
        podInformer = api.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                // made by this kubelet
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                if (after.getMetadata().getDeletionTimestamp() != null) {
                    runOf(after).ifPresent(run -> background(() -> run.terminate(graceOf(after))));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                // gone without this kubelet's finalizer: nothing waits for a grace period
                runOf(pod).ifPresent(run -> background(() -> run.terminate(0)));
            }
        });
    }

    /** The pod of Job {@code job}, once this kubelet has made it. */
    public Optional<PodRun> podOf(String job) {
        return Optional.ofNullable(pods.get(job));
    }

    /** What went wrong in the kubelet's own threads (a test should find none). */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Ends every process of every pod at once (SIGKILL) and stops watching. */
    @Override
    public void close() {
        closed = true;
        jobInformer.close();
        podInformer.close();
        killPods();
        threads.shutdownNow();
        timers.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // this JVM is ending: the hook runs
        }
    }

    private void killPods() {
        for (PodRun run : pods.values()) {
            run.killAll();
        }
    }

    private Optional<PodRun> runOf(Pod pod) {
        return pods.values().stream().filter(run -> run.name.equals(pod.getMetadata().getName())).findFirst();
    }

    private void background(Runnable task) {
        if (closed) {
            return;
        }
        threads.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                if (!closed) {
                    failures.add(e);
                }
            }
        });
    }

    private static long graceOf(Pod pod) {
        Long deletion = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (deletion != null) {
            return deletion;
        }
        Long spec = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
        return spec == null ? DEFAULT_GRACE_SECONDS : spec;
    }

    // ---- the Job controller and the garbage collector

    private void runJob(Job job) {
        String jobName = job.getMetadata().getName();
        String uid = job.getMetadata().getUid() == null ? jobName : job.getMetadata().getUid();
        PodSpec spec = job.getSpec().getTemplate().getSpec();
        String name = jobName + "-" + Long.toString(Math.abs(System.nanoTime()) % 60466176L, 36);
        Map<String, String> labels = new LinkedHashMap<>();
        if (job.getSpec().getTemplate().getMetadata() != null && job.getSpec().getTemplate().getMetadata().getLabels() != null) {
            labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
        }
        labels.put("job-name", jobName);
        labels.put("batch.kubernetes.io/job-name", jobName);
        labels.put("controller-uid", uid);
        Map<String, String> annotations = job.getSpec().getTemplate().getMetadata() == null
                || job.getSpec().getTemplate().getMetadata().getAnnotations() == null
                ? Map.of() : job.getSpec().getTemplate().getMetadata().getAnnotations();
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(jobName)
                .withUid(uid).withController(true).withBlockOwnerDeletion(true).build();
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).withAnnotations(annotations)
                    .withOwnerReferences(owner).withFinalizers(FINALIZER).endMetadata()
                .withSpec(spec)
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
        PodRun run = new PodRun(name, jobName, uid, spec);
        pods.put(jobName, run);
        api.pods().inNamespace(namespace).resource(pod).create();
        editJobStatus(jobName, status -> status.withActive(1).withStartTime(now()));
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        if (deadline != null) {
            timers.schedule(() -> background(() -> run.deadlineExceeded(deadline)), deadline, TimeUnit.SECONDS);
        }
        run.live();
    }

    /** A deleted Job's pods are deleted (background propagation: after the Job is gone). */
    private void collect(Job job) {
        String uid = job.getMetadata().getUid() == null ? job.getMetadata().getName() : job.getMetadata().getUid();
        for (PodRun run : pods.values()) {
            if (run.jobUid.equals(uid) && !run.deleted.get()) {
                run.delete();
            }
        }
    }

    private synchronized void editJobStatus(String job, Consumer<JobStatusFluent<?>> edit) {
        try {
            api.batch().v1().jobs().inNamespace(namespace).withName(job).editStatus(current -> {
                JobBuilder builder = new JobBuilder(current);
                var status = builder.editOrNewStatus();
                edit.accept(status);
                return status.endStatus().build();
            });
        } catch (KubernetesClientException e) {
            // the Job is gone: nothing to report to
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    // ---- the kubelet

    /** One pod: its processes, its state as the kubelet reports it, and what the tests may ask of it. */
    public final class PodRun {

        private final String name;
        private final String job;
        private final String jobUid;
        private final PodSpec spec;
        private final Path dir;
        private final String ip;
        private final Map<String, ContainerStatus> initStatuses = Collections.synchronizedMap(new LinkedHashMap<>());
        private final Map<String, ContainerStatus> statuses = Collections.synchronizedMap(new LinkedHashMap<>());
        /** By container name: each started container's process, its pid leading its session. */
        private final Map<String, Process> processes = new ConcurrentHashMap<>();
        private final List<String> started = new CopyOnWriteArrayList<>();
        private final AtomicBoolean terminating = new AtomicBoolean();
        private final AtomicBoolean deleted = new AtomicBoolean();
        private final String startTime = now();
        private volatile String phase = "Pending";
        private volatile boolean ended;

        PodRun(String name, String job, String jobUid, PodSpec spec) {
            this.name = name;
            this.job = job;
            this.jobUid = jobUid;
            this.spec = spec;
            int address = lastAddress.incrementAndGet();
            this.ip = "127.0.0." + address;
            // Short: a Unix socket's path (an orchestrator's IPC, in its /tmp) may not exceed 107 bytes.
            this.dir = root.resolve("p" + address);
        }

        public String name() {
            return name;
        }

        public String ip() {
            return ip;
        }

        /** The directory of the pod's volume {@code volume}. */
        public Path volume(String volume) {
            return dir.resolve("v").resolve(volume);
        }

        /** The containers started so far, in order. */
        public List<String> started() {
            return List.copyOf(started);
        }

        /** The pid of container {@code container}'s process (the leader of its session), if it was started. */
        public Optional<Long> pidOf(String container) {
            return Optional.ofNullable(processes.get(container)).map(Process::pid);
        }

        /** The live processes of the pod's containers: the members of their sessions. */
        public List<Long> liveProcesses() {
            List<Long> live = new ArrayList<>();
            for (Process process : processes.values()) {
                live.addAll(Processes.inSession(process.pid()));
            }
            return live;
        }

        /** Whether the kubelet reports container {@code container} ready. */
        public boolean ready(String container) {
            ContainerStatus status = Optional.ofNullable(initStatuses.get(container)).orElse(statuses.get(container));
            return status != null && Boolean.TRUE.equals(status.getReady());
        }

        /** What container {@code container} printed. */
        public String output(String container) {
            return Processes.printed(dir.resolve("logs").resolve(container + ".log"));
        }

        /**
         * Whether {@code path} (of this machine) is on a volume that every one of {@code containers}
         * mounts: only there can one container of a real pod see a file another wrote.
         */
        public boolean onVolumeSharedBy(Path path, String... containers) {
            Path absolute = path.toAbsolutePath().normalize();
            for (Volume volume : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
                if (absolute.startsWith(volume(volume.getName()))) {
                    return List.of(containers).stream().allMatch(container -> mounts(container).stream()
                            .anyMatch(mount -> mount.getName().equals(volume.getName())));
                }
            }
            return false;
        }

        private List<VolumeMount> mounts(String container) {
            return allContainers().stream().filter(c -> c.getName().equals(container)).findFirst()
                    .map(c -> c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()).orElse(List.of());
        }

        private List<Container> allContainers() {
            List<Container> all = new ArrayList<>();
            if (spec.getInitContainers() != null) {
                all.addAll(spec.getInitContainers());
            }
            all.addAll(spec.getContainers());
            return all;
        }

        // ---- the pod's life

        void live() {
            try {
                for (Volume volume : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
                    Files.createDirectories(volume(volume.getName()));
                }
                Files.createDirectories(dir.resolve("logs"));
                publish();
                List<Container> sidecars = new ArrayList<>();
                for (Container container : spec.getInitContainers() == null ? List.<Container>of() : spec.getInitContainers()) {
                    if (terminating.get()) {
                        return;
                    }
                    boolean sidecar = "Always".equals(container.getRestartPolicy());
                    Process process = start(container, initStatuses);
                    if (process == null) {
                        return; // held up, as a pod whose image cannot be pulled
                    }
                    if (sidecar) {
                        sidecars.add(container);
                        threads.execute(() -> probeReadiness(container));
                        continue;
                    }
                    int code = waitFor(process);
                    initStatuses.put(container.getName(), terminated(container, code));
                    if (code != 0) {
                        // restartPolicy Never: a failed init container fails the pod
                        stopAll(sidecars, graceOfSpec());
                        end("Failed");
                        return;
                    }
                    publish();
                }
                List<Process> mains = new ArrayList<>();
                for (Container container : spec.getContainers()) {
                    Process process = start(container, statuses);
                    if (process == null) {
                        return;
                    }
                    mains.add(process);
                }
                phase = "Running";
                publish();
                boolean allZero = true;
                for (Container container : spec.getContainers()) {
                    int code = waitFor(processes.get(container.getName()));
                    statuses.put(container.getName(), terminated(container, code));
                    allZero &= code == 0;
                    if (!terminating.get()) {
                        publish();
                    }
                }
                if (terminating.get()) {
                    return; // the deletion ends the rest
                }
                // The containers are done: the sidecars are stopped after them, the last started first.
                stopAll(sidecars, graceOfSpec());
                end(allZero ? "Succeeded" : "Failed");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private long graceOfSpec() {
            Long grace = spec.getTerminationGracePeriodSeconds();
            return grace == null ? DEFAULT_GRACE_SECONDS : grace;
        }

        /** The pod ended by itself: its phase, and its Job's outcome (backoffLimit 0: this pod was its one try). */
        private synchronized void end(String finalPhase) {
            if (ended) {
                return;
            }
            ended = true;
            phase = finalPhase;
            publish();
            if ("Succeeded".equals(finalPhase)) {
                editJobStatus(job, status -> status.withActive(0).withSucceeded(1).withCompletionTime(now())
                        .withConditions(condition("SuccessCriteriaMet", null, null), condition("Complete", null, null)));
            } else {
                editJobStatus(job, status -> status.withActive(0).withFailed(1)
                        .withConditions(condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                                condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")));
            }
        }

        /** The Job ran past its activeDeadlineSeconds: the Job controller fails it and deletes its pod. */
        void deadlineExceeded(long seconds) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            editJobStatus(job, status -> status.withActive(0).withFailed(1)
                    .withConditions(condition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline ("
                            + seconds + " s)")));
            delete();
        }

        /** Deletes the pod through the API, as the garbage collector or the Job controller does; the deletion ends it. */
        void delete() {
            if (deleted.compareAndSet(false, true)) {
                try {
                    api.pods().inNamespace(namespace).withName(name).delete();
                } catch (KubernetesClientException e) {
                    // already gone
                }
            }
        }

        /** A graceful end: SIGTERM, SIGKILL after {@code graceSeconds}; containers first, then sidecars; then the pod goes. */
        void terminate(long graceSeconds) {
            if (!terminating.compareAndSet(false, true)) {
                return;
            }
            deleted.set(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
            List<Container> mains = new ArrayList<>(spec.getContainers());
            List<Container> inits = new ArrayList<>(spec.getInitContainers() == null ? List.of() : spec.getInitContainers());
            Collections.reverse(inits);
            stop(mains, deadline);
            stop(inits, deadline);
            try {
                api.pods().inNamespace(namespace).withName(name).edit(pod -> new PodBuilder(pod)
                        .editMetadata().removeFromFinalizers(FINALIZER).endMetadata().build());
                // The kubelet's last word: the pod is removed. (A status written while the deletion was
                // being marked may have replaced the mark; without the finalizer this deletion is final.)
                if (api.pods().inNamespace(namespace).withName(name).get() != null) {
                    api.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
                }
            } catch (KubernetesClientException e) {
                // already gone
            }
        }

        private void stopAll(List<Container> containers, long graceSeconds) {
            List<Container> reversed = new ArrayList<>(containers);
            Collections.reverse(reversed);
            stop(reversed, System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds));
        }

        /**
         * Each container as a kubelet stops it: SIGTERM to its main process; once that has ended, or at
         * {@code deadline}, SIGKILL to whatever is left of the container (here: of its session).
         */
        private void stop(List<Container> containers, long deadline) {
            for (Container container : containers) {
                Process process = processes.get(container.getName());
                if (process == null) {
                    continue;
                }
                if (System.nanoTime() < deadline) {
                    process.destroy();
                }
                while (process.isAlive() && System.nanoTime() < deadline) {
                    pause(50);
                }
                while (!Processes.inSession(process.pid()).isEmpty()) {
                    signal(process.pid(), true);
                    pause(20);
                }
                waitFor(process);
            }
        }

        void killAll() {
            terminating.set(true);
            for (Process process : processes.values()) {
                for (int i = 0; i < 100 && !Processes.inSession(process.pid()).isEmpty(); i++) {
                    signal(process.pid(), true);
                    pause(20);
                }
                process.destroyForcibly();
            }
        }

        private void signal(long session, boolean kill) {
            for (long pid : Processes.inSession(session)) {
                ProcessHandle.of(pid).ifPresent(kill ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
            }
        }

        // ---- containers

        /** Starts {@code container} and reports it running in {@code into}; null when it cannot start (its status says why). */
        private Process start(Container container, Map<String, ContainerStatus> into) throws IOException {
            Image image = images.get(container.getImage());
            if (image == null) {
                into.put(container.getName(), waiting(container, "ErrImagePull", "pull access denied for " + container.getImage()));
                publish();
                into.put(container.getName(), waiting(container, "ImagePullBackOff", "Back-off pulling image \"" + container.getImage() + "\""));
                publish();
                return null;
            }
            Path tmp = dir.resolve("c").resolve(container.getName());
            Files.createDirectories(tmp);
            Map<String, Path> paths = new LinkedHashMap<>(image.paths());
            paths.put("/tmp", tmp);
            for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
                paths.put(mount.getMountPath(), volume(mount.getName()));
            }
            PathMap map = new PathMap(paths);
            List<String> argv = new ArrayList<>();
            argv.add(SETSID);
            boolean hasCommand = container.getCommand() != null && !container.getCommand().isEmpty();
            (hasCommand ? container.getCommand() : image.entrypoint()).forEach(part -> argv.add(map.apply(part)));
            if (container.getArgs() != null) {
                container.getArgs().forEach(part -> argv.add(map.apply(part)));
            }
            Map<String, String> environment = new LinkedHashMap<>();
            image.env().forEach((key, value) -> environment.put(key, map.apply(value)));
            environment.put("HOSTNAME", name);
            for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                Optional<String> value;
                try {
                    value = variable.getValueFrom() == null ? Optional.ofNullable(variable.getValue()).or(() -> Optional.of(""))
                            : resolve(variable.getValueFrom());
                } catch (IllegalStateException e) {
                    into.put(container.getName(), waiting(container, "CreateContainerConfigError", e.getMessage()));
                    publish();
                    return null;
                }
                value.ifPresent(v -> environment.put(variable.getName(), map.apply(v)));
            }
            // The pod's processes share this machine's network: "every address" is the pod's own.
            environment.replaceAll((key, value) -> "0.0.0.0".equals(value) ? ip : value);
            // The container's /tmp: its own, or the volume mounted there.
            String containerTmp = map.apply("/tmp");
            environment.put("TMPDIR", containerTmp);
            // (and no perf data file, which a JVM writes to this machine's /tmp whatever its tmpdir)
            environment.put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + containerTmp + " -XX:-UsePerfData");
            String workingDir = container.getWorkingDir() != null ? container.getWorkingDir() : image.workingDir();
            Path directory = workingDir == null ? dir : Path.of(map.apply(workingDir));
            ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs").resolve(container.getName() + ".log").toFile()));
            builder.environment().clear();
            builder.environment().putAll(environment);
            synchronized (this) {
                if (terminating.get()) {
                    return null;
                }
                Process process = builder.start();
                processes.put(container.getName(), process);
                started.add(container.getName());
            }
            boolean probed = container.getReadinessProbe() != null;
            into.put(container.getName(), new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                    .withStarted(true).withReady(!probed).withRestartCount(0)
                    .withNewState().withNewRunning().withStartedAt(now()).endRunning().endState().build());
            publish();
            return processes.get(container.getName());
        }

        private Optional<String> resolve(EnvVarSource source) {
            if (source.getSecretKeyRef() != null) {
                var ref = source.getSecretKeyRef();
                Secret secret = api.secrets().inNamespace(namespace).withName(ref.getName()).get();
                String value = null;
                if (secret != null && secret.getData() != null && secret.getData().get(ref.getKey()) != null) {
                    value = new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
                } else if (secret != null && secret.getStringData() != null) {
                    value = secret.getStringData().get(ref.getKey());
                }
                if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                    throw new IllegalStateException("secret \"" + ref.getName() + "\" or its key \"" + ref.getKey() + "\" not found");
                }
                return Optional.ofNullable(value);
            }
            if (source.getFieldRef() != null) {
                switch (source.getFieldRef().getFieldPath()) {
                    case "metadata.name":
                        return Optional.of(name);
                    case "metadata.namespace":
                        return Optional.of(namespace);
                    case "status.podIP":
                        return Optional.of(ip);
                    default:
                        return Optional.empty();
                }
            }
            return Optional.empty();
        }

        /** Probes the container's readiness (HTTP GET on the pod's address) until it answers, then reports it ready. */
        private void probeReadiness(Container container) {
            Probe probe = container.getReadinessProbe();
            if (probe == null || probe.getHttpGet() == null) {
                return;
            }
            int port;
            if (probe.getHttpGet().getPort().getStrVal() != null) {
                port = container.getPorts().stream().filter(p -> probe.getHttpGet().getPort().getStrVal().equals(p.getName()))
                        .map(ContainerPort::getContainerPort).findFirst().orElseThrow();
            } else {
                port = probe.getHttpGet().getPort().getIntVal();
            }
            URI uri = URI.create("http://" + ip + ":" + port + probe.getHttpGet().getPath());
            Process process = processes.get(container.getName());
            while (!terminating.get() && process.isAlive()) {
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() >= 200 && response.statusCode() < 400) {
                        ContainerStatus status = initStatuses.get(container.getName());
                        initStatuses.put(container.getName(), new ContainerStatusBuilder(status).withReady(true).build());
                        publish();
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause(100);
            }
        }

        private ContainerStatus waiting(Container container, String reason, String message) {
            return new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage()).withReady(false)
                    .withStarted(false).withRestartCount(0)
                    .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build();
        }

        private ContainerStatus terminated(Container container, int code) {
            return new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage()).withReady(false)
                    .withStarted(false).withRestartCount(0)
                    .withNewState().withNewTerminated().withExitCode(code).withReason(code == 0 ? "Completed" : "Error")
                    .withFinishedAt(now()).endTerminated().endState().build();
        }

        /** Writes the pod's status as this kubelet knows it; nothing once the pod is being deleted. */
        private synchronized void publish() {
            if (terminating.get()) {
                return;
            }
            List<ContainerStatus> init;
            List<ContainerStatus> main;
            synchronized (initStatuses) {
                init = List.copyOf(initStatuses.values());
            }
            synchronized (statuses) {
                main = List.copyOf(statuses.values());
            }
            try {
                api.pods().inNamespace(namespace).withName(name).editStatus(pod -> new PodBuilder(pod).withNewStatus()
                        .withPhase(phase).withPodIP(ip).withPodIPs(new PodIPBuilder().withIp(ip).build()).withHostIP("127.0.0.1")
                        .withStartTime(startTime).withInitContainerStatuses(init).withContainerStatuses(main)
                        .endStatus().build());
            } catch (KubernetesClientException e) {
                // the pod is gone
            }
        }
    }

    private static JobCondition condition(String type, String reason, String message) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(now()).withLastTransitionTime(now()).build();
    }

    private static int waitFor(Process process) {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A container's paths on this machine: each mapped prefix (a whole path segment, at the start of
     * a value or after {@code =}, {@code :} or a space) replaced once, the longest first.
     */
    static final class PathMap {

        private final Map<String, Path> paths;
        private final Pattern pattern;

        PathMap(Map<String, Path> paths) {
            this.paths = paths;
            String alternatives = paths.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
                    .map(Pattern::quote).collect(Collectors.joining("|"));
            this.pattern = Pattern.compile("(^|[=:\\s])(" + alternatives + ")(?=$|[/:\\s])");
        }

        String apply(String value) {
            if (value == null) {
                return null;
            }
            Matcher matcher = pattern.matcher(value);
            return matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + paths.get(match.group(2))));
        }
    }
}
