package dev.planwatch.workspace;

import dev.planwatch.config.PlanwatchConfig;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * The repository being served and every path inside it. All file locations are derived here so
 * that containment (a resolved path must stay under the root) is checked in one place.
 */
@ApplicationScoped
public class Workspace {

    private static final Logger LOG = Logger.getLogger(Workspace.class);

    private final Path root;
    private final Path plansDir;
    private final Path outputsDir;

    public Workspace(PlanwatchConfig config) {
        this.root = resolveRoot(config);
        this.plansDir = root.resolve(config.plansDir()).normalize();
        this.outputsDir = root.resolve(config.outputsDir()).normalize();
        LOG.infof("Serving workspace %s", root);
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
    static Path gitToplevel(Path start) {
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

    public Path planMarkdown(String plan) {
        return plansDir.resolve(plan + ".md");
    }

    public Path outputDir(String plan) {
        return outputsDir.resolve(plan);
    }

    public Path statusFile(String plan) {
        return outputDir(plan).resolve("status.json");
    }

    public Path findingsDir(String plan) {
        return outputDir(plan).resolve("findings");
    }

    public Path logFile(String plan) {
        return root.resolve("orchestrator-" + plan + ".log");
    }

    public Path claudeDir() {
        return root.resolve(".claude");
    }

    public Path registryFile() {
        return claudeDir().resolve("orchestrator-registry.json");
    }

    public Path gitWorkflowFile() {
        return claudeDir().resolve("git-workflow.json");
    }

    public Path currentPlanFile() {
        return claudeDir().resolve("current-plan.txt");
    }

    /** {@code path} relative to the root, with forward slashes (never an absolute path in a response). */
    public String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            return absolute.getFileName().toString();
        }
        return root.relativize(absolute).toString().replace('\\', '/');
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
        if (!resolved.startsWith(root)) {
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
            return real.startsWith(root) && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code path} (symlinks resolved) stays inside the workspace. */
    public boolean isContained(Path path) {
        try {
            contained(path);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }
}
