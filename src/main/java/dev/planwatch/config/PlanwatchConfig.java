package dev.planwatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every planwatch setting. Each key is also an environment variable:
 * {@code planwatch.workspace} is {@code PLANWATCH_WORKSPACE}, {@code planwatch.live.poll-interval}
 * is {@code PLANWATCH_LIVE_POLL_INTERVAL}, and so on.
 */
@ConfigMapping(prefix = "planwatch")
public interface PlanwatchConfig {

    /**
     * Root of the repository whose plans are served. When unset: the git toplevel of the working
     * directory (the nearest ancestor holding {@code .git}), else the working directory.
     */
    Optional<String> workspace();

    /** Directory of the plan markdown files, relative to the workspace. */
    @WithDefault(LayoutDefaults.PLANS_DIR)
    String plansDir();

    /** Directory of the per-plan outputs (status.json, findings), relative to the workspace. */
    @WithDefault(LayoutDefaults.OUTPUTS_DIR)
    String outputsDir();

    /**
     * How long a skip or retry waits for the lock another writer holds on a status.json
     * ({@code status.json.lock}) before answering 503 {@code STATUS_LOCKED}.
     */
    @WithDefault("5s")
    Duration statusLockWait();

    /**
     * Memory for the full task records (descriptions, notes, errors) of the plans used last,
     * measured as twice their status.json's size. Every plan's counts, phases and task statuses
     * stay in memory whatever this is; a plan whose records were let go is read again from disk
     * when its detail, tasks, history or activity is asked for.
     */
    @WithDefault("8M")
    io.quarkus.runtime.configuration.MemorySize taskCacheSize();

    /**
     * The largest status.json planwatch reads. A bigger one is not read at all: the plan is served
     * with its last good values and a {@code statusError}, and a skip or retry of its tasks answers
     * 413 {@code STATUS_TOO_LARGE}. The default fits the 96 MB heap {@code bin/planwatch} gives, with
     * concurrent requests with a margin of three (at that heap, files of 6 MB exhaust it under 30
     * concurrent requests; real files are under 100 KB); raise it only with {@code -Xmx}.
     */
    @WithDefault("2M")
    io.quarkus.runtime.configuration.MemorySize statusMaxSize();

    /** Live updates: file watching and push. */
    Live live();

    /** Orchestrator discovery and control. */
    Orchestrator orchestrator();

    /** Log reading and streaming. */
    Logs logs();

    /** Who may call the API. */
    Security security();

    /** The git commands behind {@code /api/worktrees} and {@code /api/resources}. */
    Git git();

    /**
     * planwatch's own state directory (the notification outbox and what was last notified of each
     * plan), never inside the repository's tracked files. When unset:
     * {@code $XDG_STATE_HOME/planwatch/<hash of the workspace root>}, with {@code $XDG_STATE_HOME}
     * defaulting to {@code ~/.local/state}. Nothing is written there unless a notification channel
     * that leaves planwatch (webhook, Slack, Discord, ntfy, command) is configured.
     */
    Optional<String> stateDir();

    /** Plan runs as Kubernetes Jobs, when {@code planwatch.orchestrator.launcher} is {@code kubernetes}. */
    Kubernetes kubernetes();

    /** Notifications of plan completions, failures, crashes and stalls ({@code notify()} is taken by Object). */
    @WithName("notify")
    Notify notifications();

    interface Notify {
        /**
         * A plan whose orchestrator claims to run, while neither its heartbeat nor the plan's
         * status.json changed for this long, is {@code plan.stalled}.
         */
        @WithDefault("15m")
        Duration stallAfter();

        /** Attempts of one delivery (the first included) before it is given up as failed. */
        @WithDefault("10")
        int maxAttempts();

        /** Wait before the first retry; each later retry waits twice as long (with jitter), up to {@code retry-max}. */
        @WithDefault("2s")
        Duration retryInitial();

        /** The longest wait between two attempts of a delivery. */
        @WithDefault("5m")
        Duration retryMax();

        /** Timeout of one HTTP delivery (connect and answer). */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * The page's address as receivers should open it (behind a proxy, say), used in each event's
         * {@code link}. When unset: {@code http://<quarkus.http.host>:<quarkus.http.port>/}.
         */
        Optional<String> pageUrl();

        /** Finished deliveries kept for {@code GET /api/notifications} (and on disk). */
        @WithDefault("200")
        int history();

        /** The generic webhook: the event as JSON, signed when a secret is set. */
        Webhook webhook();

        /** A Slack incoming webhook. */
        Endpoint slack();

        /** A Discord webhook. */
        Endpoint discord();

        /** An ntfy topic URL ({@code https://ntfy.sh/<topic>} or a self-hosted one). */
        Endpoint ntfy();

        /** A local command given the event as JSON on its standard input ({@code notify-send} and the like). */
        Command command();

        /** Desktop notifications shown by the page while it is open (after the person allowed them). */
        Browser browser();
    }

    interface Endpoint {
        /** Where to POST; unset: the channel is off. */
        Optional<String> url();

        /** Events sent to this channel (comma-separated). */
        @WithDefault("plan.completed,plan.failed,orchestrator.crashed,plan.stalled")
        List<String> events();
    }

    interface Webhook {
        /** Where to POST the event as JSON; unset: the channel is off. */
        Optional<String> url();

        /** Events sent to the webhook (comma-separated). */
        @WithDefault("plan.completed,plan.failed,orchestrator.crashed,plan.stalled")
        List<String> events();

        /**
         * HMAC-SHA256 key: when set each request carries
         * {@code X-Planwatch-Signature: sha256=<hex HMAC of the exact body>}.
         */
        Optional<String> secret();
    }

    interface Command {
        /** The command as an argv list (comma-separated), run without a shell; unset: the channel is off. */
        Optional<List<String>> argv();

        /** A command still running after this long is killed (with its descendants) and the attempt fails. */
        @WithDefault("10s")
        Duration timeout();

        /** Events given to the command (comma-separated). */
        @WithDefault("plan.completed,plan.failed,orchestrator.crashed,plan.stalled")
        List<String> events();
    }

    interface Browser {
        /** Whether the page may show desktop notifications (it asks the person once). */
        @WithDefault("true")
        boolean enabled();

        /** Events the page shows (comma-separated). */
        @WithDefault("plan.completed,plan.failed,orchestrator.crashed,plan.stalled")
        List<String> events();
    }

    interface Git {
        /** A git command that takes longer is killed and its answer left out (with a warning). */
        @WithDefault("5s")
        Duration commandTimeout();

        /**
         * The worktree report is recomputed when git's administrative files change, and at least this
         * often (uncommitted edits, which decide "abandoned", leave no trace in them).
         */
        @WithDefault("30s")
        Duration cacheMaxAge();

        /**
         * The branch plan branches are compared with and merged into (their changes start at the merge
         * base with it). Unset: {@code main} when the repository has it, else {@code master}.
         */
        Optional<String> mainBranch();
    }

    interface Security {
        /**
         * Bearer token every request must carry ({@code Authorization: Bearer <token>}, or the
         * {@code access_token} query parameter for browsers' WebSocket and EventSource, which cannot set
         * headers), health probes excepted. Unset: no token, which is only allowed on a loopback bind.
         */
        Optional<String> token();

        /**
         * Browser origins ({@code scheme://host[:port]}, comma-separated) allowed to call the API:
         * they get CORS headers, and only they (and same-origin pages) may POST or open a WebSocket.
         */
        Optional<List<String>> allowedOrigins();
    }

    interface Live {
        /** Use the JDK WatchService for immediate change detection; the poll runs either way as the fallback. */
        @WithDefault("true")
        boolean watch();

        /**
         * How often the poll compares every file's timestamp and size when there is no watch (or
         * it lost events), and how often the liveness of orchestrators that claim to run is checked.
         */
        @WithDefault("1s")
        Duration pollInterval();

        /**
         * How often the full poll runs while the watch is healthy: a safety net for what a watch can
         * miss (network filesystems, a lost event), not the way changes are found.
         */
        @WithDefault("60s")
        Duration safetyPollInterval();

        /**
         * How long a burst of writes to one file is gathered into one change. A lone write is never
         * held back longer than this.
         */
        @WithDefault("2ms")
        Duration coalesceWindow();

        /** Interval of the {@code {type:"heartbeat"}} message on WebSockets and SSE streams. */
        @WithDefault("30s")
        Duration heartbeat();

        /** Messages queued for one slow WebSocket client before it is closed (1013). */
        @WithDefault("256")
        int maxPendingMessages();
    }

    interface Orchestrator {
        /**
         * {@code control} (start, stop, pause, resume allowed) or {@code observe} (reads and pushes
         * only; for a sidecar that cannot see the orchestrator's processes).
         */
        @WithDefault("control")
        Mode mode();

        /**
         * How far a process's start time may be from the registry's {@code started_at} for the pid
         * to be accepted as that orchestrator (guards against recycled pids).
         */
        @WithDefault("10s")
        Duration identityTolerance();

        /**
         * For a registry entry without {@code started_at}: its process counts as the orchestrator
         * only if its command line contains one of these; otherwise it is reported
         * {@code unverified} and never signalled.
         */
        @WithDefault("plan_orchestrator.py,demo-orchestrator")
        List<String> processMarkers();

        /**
         * Whether the orchestrator takes the plan to run from {@code current-plan.txt} rather than
         * {@code --plan}, so that planwatch points that file at the requested plan before a start
         * and refuses a start while another plan runs in the checkout. When unset: true for the
         * default commands and for any command naming {@code plan_orchestrator.py}.
         */
        Optional<Boolean> readsCurrentPlan();

        /**
         * Environment variables added to the orchestrator's ({@code planwatch.orchestrator.environment.NAME=value}).
         * {@code PYTHONUNBUFFERED=1} is set unless given here, so its output reaches the log as it is printed.
         */
        Map<String, String> environment();

        /**
         * In observe mode, processes are not visible: an entry counts as alive while its
         * {@code last_heartbeat} is younger than this.
         */
        @WithDefault("60s")
        Duration heartbeatStaleAfter();

        /**
         * The orchestrator command as an argv list (comma-separated); {@code {planPath}} and
         * {@code {plan}} are substituted. When unset: {@code python3 scripts/plan_orchestrator.py
         * --plan {planPath} --daemon} if the workspace has that script, else planwatch's own demo
         * orchestrator ({@code planwatch demo-orchestrator --plan {planPath} --daemon}).
         */
        Optional<List<String>> command();

        /** How long a start waits for the orchestrator to register before answering START_FAILED. */
        @WithDefault("10s")
        Duration startTimeout();

        /** A started process still alive after this long counts as started even if it never registers. */
        @WithDefault("2s")
        Duration startGrace();

        /** Upper bound of a stop request's {@code timeout} (seconds) before SIGKILL. */
        @WithDefault("120s")
        Duration maxStopTimeout();

        /** Timeout of one IPC request to an orchestrator's socket. */
        @WithDefault("2s")
        Duration ipcTimeout();

        /**
         * Where a start runs the orchestrator: {@code local} (a process beside planwatch) or
         * {@code kubernetes} (a Job per plan run in {@code planwatch.kubernetes.namespace}, with a
         * planwatch sidecar in its pod; this planwatch is then the hub that follows them).
         */
        @WithDefault("local")
        Launcher launcher();
    }

    enum Launcher { local, kubernetes }

    interface Kubernetes {
        /** Namespace of the plan Jobs. When unset: the namespace of the client's configuration (in a pod, its own). */
        Optional<String> namespace();

        /** The repository each plan run clones (https or ssh URL); a start in the cluster is refused while unset. */
        Optional<String> repository();

        /** The branch a plan's branch ({@code plan/<name>}) is created from when the repository lacks it. */
        @WithDefault("main")
        String mainBranch();

        /** Image of the orchestrator container: it needs git and what the orchestrator runs (Python for the original). */
        @WithDefault("python:3.12-slim")
        String orchestratorImage();

        /**
         * The orchestrator's argv in the pod (comma-separated; {@code {planPath}} and {@code {plan}}
         * substituted). Never {@code --daemon}: the container's main process must be the orchestrator.
         */
        @WithDefault("python3,scripts/plan_orchestrator.py,--plan,{planPath},--no-tui,--continue")
        List<String> orchestratorCommand();

        /** Image of planwatch itself, run as the pod's native sidecar (built from {@code src/main/docker}). */
        @WithDefault("planwatch:latest")
        String planwatchImage();

        /** Image of the init container that clones the repository (needs git and a POSIX shell). */
        @WithDefault("alpine/git:2.47.2")
        String gitImage();

        /**
         * Secret with the clone's credentials: keys {@code username} and {@code token} (both
         * optional, for an https repository). Its absence means an anonymous clone.
         */
        @WithDefault("planwatch-git")
        String gitSecret();

        /** Secret whose key {@code token} is the sidecars' API token; the hub sends it to reach them. */
        @WithDefault("planwatch-token")
        String tokenSecret();

        /** The sidecar's port, named {@code planwatch} in the pod; the hub reaches a sidecar at its pod's IP and this port. */
        @WithDefault("3100")
        int sidecarPort();

        /**
         * A YAML Job merged over the Job planwatch makes (maps merged key by key, containers, init
         * containers, volumes and environment variables by name, other lists replaced): images,
         * resources, node selectors, tolerations, service account.
         */
        Optional<String> jobTemplate();

        /** How long a finished Job (and its pod and log) stays before Kubernetes deletes it. */
        @WithDefault("1h")
        Duration ttlAfterFinished();

        /** The longest a plan run may take when its start gives no {@code timeout} (the Job's deadline). */
        @WithDefault("24h")
        Duration maxRunTime();

        /**
         * The hub's mirror of its runs: the relay writes each run's status.json (under
         * {@code plan-outputs/<plan>/}) and orchestrator log here, as the run's sidecar serves them, and
         * the hub serves its plans' outputs and logs from here, never from the repository. When unset:
         * {@code <state directory>/cluster} (see {@code planwatch.state-dir}).
         */
        Optional<String> mirrorDir();
    }

    interface Logs {
        /** Upper bound of {@code ?lines=} on the logs endpoint. */
        @WithDefault("10000")
        int maxLines();

        /** Lines returned when {@code ?lines=} is absent. */
        @WithName("default-lines")
        @WithDefault("100")
        int defaultLines();
    }

    enum Mode { control, observe }
}
