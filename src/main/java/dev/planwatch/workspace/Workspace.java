package dev.planwatch.workspace;

import dev.planwatch.config.PlanwatchConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * The repository being served and its file layout: every path inside it is built here, and every
 * path the change detector sees is recognised here, so the layout is written once. Containment (a
 * resolved path must stay under the root) is checked here too.
 */
@ApplicationScoped
public class Workspace {

    private static final Logger LOG = Logger.getLogger(Workspace.class);

    private static final String MARKDOWN_SUFFIX = ".md";
    private static final String STATUS_FILE = "status.json";
    private static final String REGISTRY_FILE = "orchestrator-registry.json";
    private static final String GIT_WORKFLOW_FILE = "git-workflow.json";
    private static final String CURRENT_PLAN_FILE = "current-plan.txt";
    private static final String LOG_PREFIX = "orchestrator-";
    private static final String LOG_SUFFIX = ".log";
    private static final String WORKTREE_PREFIX = "plan-";
    private static final String MIRROR_OUTPUTS = "plan-outputs";

    /** What a file seen in a watched directory is, in this layout. */
    public sealed interface LayoutFile {
        /** {@code <plans>/<plan>.md}. */
        record PlanMarkdown(String plan) implements LayoutFile {
        }

        /** An entry of the outputs directory: one plan's output directory. */
        record PlanOutputs(String plan) implements LayoutFile {
        }

        /** A plan's status.json, in this checkout or a worktree's. */
        record PlanStatus(String plan) implements LayoutFile {
        }

        /** {@code .claude/orchestrator-registry.json}. */
        record Registry() implements LayoutFile {
        }

        /** {@code .claude/git-workflow.json} or {@code .claude/current-plan.txt}: they change how plans map to worktrees. */
        record WorkspaceSettings() implements LayoutFile {
        }

        /** {@code orchestrator-<plan>.log} in the logs directory (the root, or the cluster mirror). */
        record Log(String plan) implements LayoutFile {
        }

        /** Another entry of the root appeared or went (a worktree directory, say). */
        record RootEntry() implements LayoutFile {
        }
    }

    private final Path root;
    private final Path plansDir;
    /** The outputs directory as a checkout names it (relative to its root): where a worktree's or a pod's status files are. */
    private final String outputsRelative;
    private final Path outputsDir;
    /** Where the orchestrator logs are: the root, or the mirror. */
    private final Path logsDir;
    /** planwatch's own copy of the cluster runs' outputs and logs (launcher {@code kubernetes}); null otherwise. */
    private final Path mirror;

    @Inject
    public Workspace(PlanwatchConfig config) {
        this(resolveRoot(config), config.plansDir(), config.outputsDir(), mirrorOf(config));
        LOG.infof("Serving workspace %s", root);
        if (mirror != null) {
            LOG.infof("Plan outputs and logs of the cluster runs are mirrored in %s", mirror);
        }
    }

    private Workspace(Path root, String plansDir, String outputsDir, Optional<Path> mirror) {
        this.root = root;
        this.plansDir = root.resolve(plansDir).normalize();
        this.outputsRelative = outputsDir;
        this.mirror = mirror.orElse(null);
        // The mirror is laid out as a checkout: <mirror>/<outputs>/<plan>/status.json and <mirror>/orchestrator-<plan>.log.
        this.outputsDir = mirror.map(dir -> dir.resolve(MIRROR_OUTPUTS)).orElseGet(() -> root.resolve(outputsDir).normalize());
        this.logsDir = mirror.orElse(root);
    }

    /** The layout of {@code root} for a program that runs without the service's configuration (the demo orchestrator). */
    public static Workspace at(Path root, String plansDir, String outputsDir) {
        return new Workspace(root.toAbsolutePath().normalize(), plansDir, outputsDir, Optional.empty());
    }

    /** The layout of {@code root} whose plan outputs and logs are those of the cluster runs, mirrored in {@code mirror}. */
    public static Workspace mirrored(Path root, String plansDir, String outputsDir, Path mirror) {
        return new Workspace(root.toAbsolutePath().normalize(), plansDir, outputsDir, Optional.of(mirror.toAbsolutePath().normalize()));
    }

    /**
     * With the {@code kubernetes} launcher the plans run in pods, and what their sidecars serve is
     * written here by the relay: planwatch's own directory ({@code planwatch.kubernetes.mirror-dir},
     * else {@code <state directory>/cluster}), never the repository served. Made when absent, and
     * named by its real path so that containment checks compare like with like.
     */
    private static Optional<Path> mirrorOf(PlanwatchConfig config) {
        if (config.orchestrator().launcher() != PlanwatchConfig.Launcher.kubernetes) {
            return Optional.empty();
        }
        Path dir = config.kubernetes().mirrorDir().filter(s -> !s.isBlank()).map(s -> Path.of(s).toAbsolutePath().normalize())
                .orElseGet(() -> stateDirectory(config.stateDir(), resolveRoot(config), System.getenv()).resolve("cluster"));
        try {
            return Optional.of(Files.createDirectories(dir).toRealPath());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot make the cluster mirror directory " + dir + " (planwatch.kubernetes.mirror-dir): "
                    + e.getMessage(), e);
        }
    }

    private static Path resolveRoot(PlanwatchConfig config) {
        Path start = locate(config.workspace());
        try {
            return start.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("Workspace " + start.toAbsolutePath() + " does not exist (set PLANWATCH_WORKSPACE)", e);
        }
    }

    /** The configured workspace, else the git toplevel of the working directory (not yet checked to exist). */
    public static Path locate(Optional<String> configured) {
        return configured
                .filter(s -> !s.isBlank())
                .map(Paths::get)
                .orElseGet(() -> gitToplevel(Paths.get("").toAbsolutePath()));
    }

    /** The nearest ancestor holding {@code .git} (what {@code git rev-parse --show-toplevel} finds), else the start. */
    public static Path gitToplevel(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                return dir;
            }
        }
        return start;
    }

    public Path root() {
        return root;
    }

    public Path plansDir() {
        return plansDir;
    }

    public Path outputsDir() {
        return outputsDir;
    }

    /** The directory of the orchestrator logs: the root, or the cluster mirror. */
    public Path logsDir() {
        return logsDir;
    }

    /** planwatch's mirror of the cluster runs (launcher {@code kubernetes}); empty on the local launcher. */
    public Optional<Path> mirror() {
        return Optional.ofNullable(mirror);
    }

    /** The outputs directory of the checkout {@code checkout} (a plan's worktree, a pod's clone): the configured one under it. */
    public Path outputsDirIn(Path checkout) {
        return checkout.resolve(outputsRelative).normalize();
    }

    /** The plan's status.json in the checkout {@code checkout}. */
    public Path statusFileIn(Path checkout, String plan) {
        return outputsDirIn(checkout).resolve(plan).resolve(STATUS_FILE);
    }

    public Path planMarkdown(String plan) {
        return plansDir.resolve(plan + MARKDOWN_SUFFIX);
    }

    /** The plan's markdown path relative to the root, as the orchestrator's {@code --plan} and current-plan.txt name it. */
    public String planPath(String plan) {
        return relative(planMarkdown(plan));
    }

    /** The plan a markdown file name stands for, if it is one. */
    public static Optional<String> planOfMarkdown(String fileName) {
        return fileName.endsWith(MARKDOWN_SUFFIX)
                ? Optional.of(fileName.substring(0, fileName.length() - MARKDOWN_SUFFIX.length()))
                : Optional.empty();
    }

    public Path outputDir(String plan) {
        return outputsDir.resolve(plan);
    }

    public Path statusFile(String plan) {
        return outputDir(plan).resolve(STATUS_FILE);
    }

    public Path findingsDir(String plan) {
        return outputDir(plan).resolve("findings");
    }

    public Path logFile(String plan) {
        return logsDir.resolve(LOG_PREFIX + plan + LOG_SUFFIX);
    }

    /** The glob matching every log file name in the logs directory. */
    public static String logGlob() {
        return LOG_PREFIX + "*" + LOG_SUFFIX;
    }

    /** The plan whose log {@code fileName} is, if it is a log of a valid plan name. */
    public static Optional<String> planOfLog(String fileName) {
        if (fileName.startsWith(LOG_PREFIX) && fileName.endsWith(LOG_SUFFIX)) {
            String plan = fileName.substring(LOG_PREFIX.length(), fileName.length() - LOG_SUFFIX.length());
            return Names.isPlanName(plan) ? Optional.of(plan) : Optional.empty();
        }
        return Optional.empty();
    }

    public Path claudeDir() {
        return root.resolve(".claude");
    }

    public Path registryFile() {
        return registryFileOf(root);
    }

    /**
     * The registry an orchestrator whose working directory is the checkout {@code checkout} uses:
     * the original finds it by walking up to the first {@code .git}, which a linked worktree has too,
     * so an orchestrator started inside a plan's worktree registers in the worktree's own file.
     */
    public static Path registryFileOf(Path checkout) {
        return checkout.resolve(".claude").resolve(REGISTRY_FILE);
    }

    /** The directory plan worktrees go in ({@code worktrees.directory} of git-workflow.json, under the root). */
    public Path worktreesDir(GitWorkflow workflow) {
        return root.resolve(workflow.worktreesDirectory()).normalize();
    }

    /** A plan's worktree, as the original creates it: {@code <worktrees directory>/plan-<plan>}. */
    public Path planWorktree(GitWorkflow workflow, String plan) {
        return worktreesDir(workflow).resolve(WORKTREE_PREFIX + plan);
    }

    /** The copy of git-workflow.json the original puts in a plan's worktree, beside its pointer. */
    public static Path contextGitWorkflowFile(Path checkout) {
        return checkout.resolve(".claude-context").resolve(GIT_WORKFLOW_FILE);
    }

    public Path gitWorkflowFile() {
        return claudeDir().resolve(GIT_WORKFLOW_FILE);
    }

    public Path currentPlanFile() {
        return claudeDir().resolve(CURRENT_PLAN_FILE);
    }

    /** The active-plan pointer of a worktree-style checkout ({@code <dir>/.claude-context/current-plan.txt}). */
    public static Path contextPlanFile(Path checkout) {
        return checkout.resolve(".claude-context").resolve(CURRENT_PLAN_FILE);
    }

    /**
     * What {@code child}, which changed in the watched directory {@code dir}, is in this layout;
     * empty for a file planwatch does not read.
     */
    public Optional<LayoutFile> recognise(Path dir, Path child) {
        String file = child.getFileName().toString();
        if (dir.equals(plansDir)) {
            return planOfMarkdown(file).map(LayoutFile.PlanMarkdown::new);
        }
        if (dir.equals(outputsDir)) {
            return Optional.of(new LayoutFile.PlanOutputs(file));
        }
        if (file.equals(STATUS_FILE) && dir.getParent() != null) {
            // <outputs>/<plan>/status.json here or in a worktree: the directory names the plan
            return Optional.of(new LayoutFile.PlanStatus(dir.getFileName().toString()));
        }
        if (file.equals(REGISTRY_FILE) && !dir.equals(claudeDir()) && dir.getFileName() != null
                && dir.getFileName().toString().equals(".claude")) {
            // a plan worktree's own registry (the detector watches only worktrees' .claude directories)
            return Optional.of(new LayoutFile.Registry());
        }
        if (dir.equals(claudeDir())) {
            if (file.equals(REGISTRY_FILE)) {
                return Optional.of(new LayoutFile.Registry());
            }
            return file.equals(GIT_WORKFLOW_FILE) || file.equals(CURRENT_PLAN_FILE)
                    ? Optional.of(new LayoutFile.WorkspaceSettings())
                    : Optional.empty();
        }
        if (dir.equals(logsDir) && planOfLog(file).isPresent()) {
            return planOfLog(file).map(LayoutFile.Log::new);
        }
        if (dir.equals(root)) {
            return Optional.of(new LayoutFile.RootEntry());
        }
        return Optional.empty();
    }

    /**
     * {@code path} relative to the root, with forward slashes (never an absolute path in a response).
     * A path of the mirror is named as it is in the run's checkout, which the mirror copies.
     */
    public String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (mirror != null && absolute.startsWith(outputsDir)) {
            return forward(Path.of(outputsRelative).resolve(outputsDir.relativize(absolute)).normalize());
        }
        if (mirror != null && absolute.startsWith(mirror)) {
            return forward(mirror.relativize(absolute));
        }
        if (!absolute.startsWith(root)) {
            return absolute.getFileName().toString();
        }
        return forward(root.relativize(absolute));
    }

    /**
     * The path {@code relative} (as {@link #relative} names it) stands for: with a mirror, the run's
     * outputs and logs are the mirror's copies; anything else is under the root.
     */
    public Path resolve(String relative) {
        if (mirror != null) {
            Path named = Path.of(relative).normalize();
            Path outputs = Path.of(outputsRelative).normalize();
            if (named.startsWith(outputs) && !named.equals(outputs)) {
                return outputsDir.resolve(outputs.relativize(named)).normalize();
            }
            if (named.getNameCount() == 1 && planOfLog(named.toString()).isPresent()) {
                return logsDir.resolve(named);
            }
        }
        return root.resolve(relative).normalize();
    }

    private static String forward(Path relative) {
        return relative.toString().replace('\\', '/');
    }

    /** The tree {@code resolved} (a real path) belongs to: the root, or the mirror; null when neither. */
    private Path baseOf(Path resolved) {
        if (resolved.startsWith(root)) {
            return root;
        }
        return mirror != null && resolved.startsWith(mirror) ? mirror : null;
    }

    /**
     * {@code path} with symlinks resolved, if it stays inside the workspace; a path escaping it is
     * refused as bad input. A path that does not exist yet is checked lexically.
     */
    public Path contained(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        Path resolved = normalized;
        try {
            if (Files.exists(normalized)) {
                resolved = normalized.toRealPath();
            }
        } catch (IOException e) {
            resolved = normalized;
        }
        if (baseOf(resolved) == null) {
            throw new InvalidInputException("Path leaves the workspace", null);
        }
        return resolved;
    }

    /**
     * The existing file {@code path} with every symlink resolved, if it stays inside the workspace.
     * Readers open the returned path without following links, so a link swapped in afterwards is
     * refused rather than followed.
     */
    public Optional<Path> containedFile(Path path) {
        try {
            Path real = path.toAbsolutePath().normalize().toRealPath();
            return baseOf(real) != null && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Opens the directory {@code dir} (inside the workspace, or the mirror) walking down from the
     * root (or the mirror) without following links, so that what is created and renamed in it stays in it.
     */
    public ContainedDirectory openDirectory(Path dir) throws IOException {
        Path resolved = contained(dir);
        return ContainedDirectory.open(baseOf(resolved), resolved);
    }

    /** Whether {@code path} (symlinks resolved) stays inside the workspace (or the mirror). */
    public boolean isContained(Path path) {
        try {
            contained(path);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /**
     * planwatch's own state directory for the workspace at {@code root}: {@code configured} when
     * given, else {@code $XDG_STATE_HOME/planwatch/<first 16 hex digits of the SHA-256 of the root's
     * path>} ({@code $XDG_STATE_HOME} defaulting to {@code ~/.local/state}, as the XDG base
     * directory rules say). It is outside the repository, so nothing planwatch remembers ever shows
     * up in the user's {@code git status}, and two workspaces never share one.
     */
    public static Path stateDirectory(Optional<String> configured, Path root, java.util.Map<String, String> environment) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return Path.of(configured.get()).toAbsolutePath().normalize();
        }
        String xdg = environment.get("XDG_STATE_HOME");
        Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return base.resolve("planwatch").resolve(java.util.HexFormat.of().formatHex(hash, 0, 8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
