package dev.planwatch.orchestrator.demo;

import dev.planwatch.registry.RegistryFile;
import dev.planwatch.workspace.Json;
import dev.planwatch.workspace.Timestamps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in orchestrator that ships with planwatch, so start, watch, pause and stop work on any
 * plan without the real one. Externally it behaves like the real orchestrator: {@code --daemon}
 * detaches (the pid in the registry is not the spawned one), it registers with the real entry
 * shape under the registry lock, advances one task transition every step with atomic writes of
 * status.json, logs {@code HH:MM:SS [LEVEL] message} lines, answers the IPC commands
 * {@code status, pause, resume, shutdown}, and on SIGTERM puts its task back and unregisters.
 *
 * <p>Run as {@code planwatch demo-orchestrator --plan docs/plans/x.md [--daemon] [--continuous]
 * [--autonomous] [--tasks a,b]} in the workspace root. Environment knobs:
 * {@code PLANWATCH_DEMO_STEP_SECONDS} (default 1), {@code PLANWATCH_DEMO_IGNORE_SIGTERM=1}.
 */
public final class DemoOrchestrator {

    public static final String COMMAND = "demo-orchestrator";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Pattern PHASE = Pattern.compile("^##\\s+(Phase\\s+\\d+:.*)$");
    private static final Pattern TASK = Pattern.compile("^-\\s+\\[[ xX]\\]\\s+(\\d+(?:\\.\\d+)+)\\s+(.+)$");

    private final ObjectMapper mapper = new ObjectMapper();
    private final Path root = Path.of("").toAbsolutePath();
    private final String planPath;
    private final String plan;
    private final Set<String> onlyTasks;
    private final long stepMillis;
    private final RegistryFile registry;
    private final String id = "orch-" + System.currentTimeMillis();
    private final Path socket = Path.of(System.getProperty("java.io.tmpdir"), "orchestrator-" + id + ".sock");
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private volatile boolean paused;
    private volatile String taskInProgress;
    private int iteration;

    private DemoOrchestrator(String planPath, Set<String> onlyTasks) {
        this.planPath = planPath;
        String file = planPath.substring(planPath.lastIndexOf('/') + 1);
        this.plan = file.endsWith(".md") ? file.substring(0, file.length() - 3) : file;
        this.onlyTasks = onlyTasks;
        this.stepMillis = (long) (Double.parseDouble(System.getenv().getOrDefault("PLANWATCH_DEMO_STEP_SECONDS", "1")) * 1000);
        this.registry = new RegistryFile(root.resolve(".claude/orchestrator-registry.json"), mapper);
    }

    /** Entry point: {@code args} after the {@code demo-orchestrator} word. Returns the exit code. */
    public static int run(String[] args, List<String> relaunch) {
        String planPath = null;
        boolean daemon = false;
        boolean detached = false;
        Set<String> tasks = Set.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--plan" -> planPath = i + 1 < args.length ? args[++i] : null;
                case "--daemon" -> daemon = true;
                case "--detached" -> detached = true;
                case "--tasks" -> tasks = i + 1 < args.length ? Set.of(args[++i].split(",")) : Set.of();
                case "--max-iterations", "--timeout", "--batch-size", "--worktree" -> i++;
                default -> {
                    // --continuous, --autonomous and the real orchestrator's other flags: accepted
                }
            }
        }
        if (planPath == null) {
            System.err.println("usage: demo-orchestrator --plan docs/plans/<name>.md [--daemon] [--continuous] [--autonomous] [--tasks a,b]");
            return 2;
        }
        if (daemon && !detached) {
            return detach(relaunch, args);
        }
        try {
            return new DemoOrchestrator(planPath, tasks).work();
        } catch (IOException e) {
            log("ERROR", "Orchestrator failed: " + e.getMessage());
            return 1;
        }
    }

    /** The real orchestrator double-forks; this relaunches itself in a new session and exits at once. */
    private static int detach(List<String> relaunch, String[] args) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(relaunch);
        command.add(COMMAND);
        command.addAll(List.of(args));
        command.add("--detached");
        try {
            Process child = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            System.out.println("Daemon started with PID " + child.pid());
            return 0;
        } catch (IOException e) {
            System.err.println("Failed to daemonize: " + e.getMessage());
            return 1;
        }
    }

    private int work() throws IOException {
        Path statusFile = root.resolve("docs/plan-outputs").resolve(plan).resolve("status.json");
        ObjectNode status = loadOrInitialise(statusFile);
        Thread ipc = startIpc();
        register();
        installSignalHandling();
        Thread heartbeat = startHeartbeat();
        log("INFO", "Orchestrator " + id + " started for " + planPath + " (pid " + ProcessHandle.current().pid() + ")");
        int exit = 0;
        try {
            while (!shutdown.await(stepMillis, TimeUnit.MILLISECONDS)) {
                if (paused) {
                    continue;
                }
                iteration++;
                if (!advance(status, statusFile)) {
                    log("INFO", "Plan complete: " + plan);
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (shutdown.getCount() == 0 && taskInProgress != null) {
                setTask(status, taskInProgress, "pending");
                writeAtomically(statusFile, status);
                log("INFO", "Task " + taskInProgress + " put back to pending");
            }
            ipc.interrupt();
            heartbeat.interrupt();
            Files.deleteIfExists(socket);
            registry.update(instances -> remove(instances, id));
            log("INFO", "Orchestrator " + id + " stopped");
        }
        return exit;
    }

    /** One transition: the task in progress completes, else the next pending task starts. */
    private boolean advance(ObjectNode status, Path statusFile) throws IOException {
        if (taskInProgress != null) {
            setTask(status, taskInProgress, "completed");
            log("INFO", "Task " + taskInProgress + " completed");
            taskInProgress = null;
        } else {
            String next = null;
            for (JsonNode task : status.withArray("tasks")) {
                String taskId = task.path("id").asText();
                if ("pending".equals(task.path("status").asText("pending")) && (onlyTasks.isEmpty() || onlyTasks.contains(taskId))) {
                    next = taskId;
                    break;
                }
            }
            if (next == null) {
                return false;
            }
            setTask(status, next, "in_progress");
            taskInProgress = next;
            log("INFO", "Task " + next + " started");
        }
        writeAtomically(statusFile, status);
        return true;
    }

    private void setTask(ObjectNode status, String taskId, String to) {
        String now = Timestamps.now();
        for (JsonNode task : status.withArray("tasks")) {
            if (taskId.equals(task.path("id").asText()) && task instanceof ObjectNode object) {
                object.put("status", to);
                if (to.equals("in_progress")) {
                    object.put("startedAt", now);
                    status.put("currentPhase", task.path("phase").asText(null));
                } else if (to.equals("completed")) {
                    object.put("completedAt", now);
                }
            }
        }
        status.put("lastUpdatedAt", now);
        ObjectNode summary = status.putObject("summary");
        ArrayNode tasks = status.withArray("tasks");
        summary.put("totalTasks", tasks.size());
        for (String bucket : List.of("completed", "pending", "in_progress", "failed", "skipped")) {
            int count = 0;
            for (JsonNode task : tasks) {
                if (bucket.equals(task.path("status").asText("pending"))) {
                    count++;
                }
            }
            summary.put(bucket, count);
        }
    }

    private ObjectNode loadOrInitialise(Path statusFile) throws IOException {
        if (Files.exists(statusFile)) {
            return (ObjectNode) mapper.readTree(statusFile.toFile());
        }
        Path markdown = root.resolve(planPath);
        if (!Files.exists(markdown)) {
            throw new IOException("no status.json and no plan " + planPath);
        }
        ObjectNode status = mapper.createObjectNode();
        String now = Timestamps.now();
        status.put("planPath", planPath);
        String title = plan;
        ArrayNode tasks = mapper.createArrayNode();
        String phase = null;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            if (line.startsWith("# ") && title.equals(plan)) {
                title = line.substring(2).strip();
            }
            Matcher p = PHASE.matcher(line);
            if (p.matches()) {
                phase = p.group(1).strip();
            }
            Matcher t = TASK.matcher(line);
            if (t.matches() && phase != null) {
                ObjectNode task = tasks.addObject();
                task.put("id", t.group(1));
                task.put("phase", phase);
                task.put("description", t.group(2).strip());
                task.put("status", "pending");
            }
        }
        status.put("planName", title);
        status.put("createdAt", now);
        status.put("lastUpdatedAt", now);
        status.set("tasks", tasks);
        status.putArray("runs");
        log("INFO", "Initialised " + statusFile + " with " + tasks.size() + " tasks");
        return status;
    }

    private void writeAtomically(Path file, ObjectNode content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("status.json.tmp." + ProcessHandle.current().pid());
        Files.write(tmp, Json.pythonStyle(mapper, content));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void register() throws IOException {
        String now = utcMicros();
        registry.update(instances -> {
            ObjectNode entry = instances.addObject();
            entry.put("id", id);
            entry.put("pid", ProcessHandle.current().pid());
            entry.put("plan_path", planPath);
            entry.putNull("worktree_path");
            entry.put("started_at", now);
            entry.put("last_heartbeat", now);
            entry.put("status", "running");
            entry.put("socket_path", socket.toString());
            entry.putNull("port");
            return true;
        });
    }

    private static boolean remove(ArrayNode instances, String id) {
        for (Iterator<JsonNode> it = instances.elements(); it.hasNext(); ) {
            if (id.equals(it.next().path("id").asText())) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private void installSignalHandling() {
        boolean ignore = "1".equals(System.getenv("PLANWATCH_DEMO_IGNORE_SIGTERM"));
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
            if (ignore) {
                log("WARN", "Received SIGTERM, ignoring it");
                return;
            }
            log("INFO", "Received SIGTERM, initiating graceful shutdown...");
            shutdown.countDown();
        });
    }

    private Thread startHeartbeat() {
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    TimeUnit.SECONDS.sleep(10);
                    String now = utcMicros();
                    registry.update(instances -> {
                        for (JsonNode entry : instances) {
                            if (id.equals(entry.path("id").asText()) && entry instanceof ObjectNode object) {
                                object.put("last_heartbeat", now);
                                return true;
                            }
                        }
                        return false;
                    });
                }
            } catch (InterruptedException | IOException e) {
                // stopping
            }
        }, "demo-heartbeat");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private Thread startIpc() throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        socket.toFile().setReadable(false, false);
        socket.toFile().setWritable(false, false);
        socket.toFile().setReadable(true, true);
        socket.toFile().setWritable(true, true);
        Thread thread = new Thread(() -> {
            try (server) {
                while (!Thread.currentThread().isInterrupted()) {
                    try (SocketChannel client = server.accept()) {
                        answer(client);
                    } catch (IOException e) {
                        if (!server.isOpen()) {
                            return;
                        }
                    }
                }
            } catch (IOException ignored) {
                // closing
            }
        }, "demo-ipc");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void answer(SocketChannel client) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        readFully(client, header);
        int length = header.flip().getInt();
        if (length < 0 || length > 65536) {
            return;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(client, body);
        JsonNode request = mapper.readTree(new String(body.array(), StandardCharsets.UTF_8));
        String command = request.path("command").asText();
        ObjectNode payload = mapper.createObjectNode();
        switch (command) {
            case "status" -> {
                payload.put("instance_id", id);
                payload.put("plan_path", planPath);
                payload.put("iteration", iteration);
                payload.put("paused", paused);
                payload.put("shutdown_requested", shutdown.getCount() == 0);
            }
            case "pause" -> {
                paused = true;
                log("INFO", "Pause requested via IPC");
                payload.put("ack", true).put("message", "Paused");
            }
            case "resume" -> {
                paused = false;
                log("INFO", "Resume requested via IPC");
                payload.put("ack", true).put("message", "Resumed");
            }
            case "shutdown" -> {
                log("INFO", "Shutdown requested via IPC");
                payload.put("ack", true).put("message", "Shutdown initiated");
            }
            default -> payload.put("error", "Unknown command: " + command);
        }
        ObjectNode response = mapper.createObjectNode();
        response.put("type", "response");
        response.put("command", command);
        response.set("payload", payload);
        response.put("timestamp", Timestamps.now());
        byte[] bytes = mapper.writeValueAsBytes(response);
        ByteBuffer out = ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).flip();
        while (out.hasRemaining()) {
            client.write(out);
        }
        if (command.equals("shutdown")) {
            // Only after the reply is written: stopping interrupts this thread, which would close
            // the connection mid-reply.
            shutdown.countDown();
        }
    }

    private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("closed");
            }
        }
    }

    /** Python's isoformat() + "Z", as the real registry writes it. */
    private static String utcMicros() {
        return java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS")) + "Z";
    }

    private static void log(String level, String message) {
        System.out.println(LocalTime.now().format(CLOCK) + " [" + level + "] " + message);
        System.out.flush();
    }
}
