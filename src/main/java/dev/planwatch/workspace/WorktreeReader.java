package dev.planwatch.workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lists git worktrees by reading git's own administrative files (what
 * {@code git worktree list --porcelain} reads): no git process is spawned, so it costs a few
 * file reads, works where git is not installed (the native binary in a slim image) and the
 * change detector can watch the files it reads.
 */
@ApplicationScoped
public class WorktreeReader {

    private static final String HEADS = "ref: refs/heads/";

    private final Workspace workspace;

    public WorktreeReader(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The git directory shared by all worktrees of the workspace, if it is a git repository. */
    public Optional<Path> commonDir() {
        Path dotGit = workspace.root().resolve(".git");
        try {
            if (Files.isDirectory(dotGit)) {
                return Optional.of(dotGit);
            }
            if (Files.isRegularFile(dotGit)) {
                String pointer = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
                if (!pointer.startsWith("gitdir:")) {
                    return Optional.empty();
                }
                Path gitDir = workspace.root().resolve(pointer.substring("gitdir:".length()).strip()).normalize();
                Path commondir = gitDir.resolve("commondir");
                if (Files.isRegularFile(commondir)) {
                    return Optional.of(gitDir.resolve(Files.readString(commondir).strip()).normalize());
                }
                return Optional.of(gitDir);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public List<Worktree> list() {
        Optional<Path> common = commonDir();
        if (common.isEmpty()) {
            return List.of();
        }
        List<Worktree> result = new ArrayList<>();
        Path commonDir = common.get();
        Path mainPath = commonDir.getFileName() != null && commonDir.getFileName().toString().equals(".git")
                ? commonDir.getParent() : workspace.root();
        result.add(new Worktree("", mainPath, branchOf(commonDir.resolve("HEAD")), true, false));
        Path admin = commonDir.resolve("worktrees");
        if (Files.isDirectory(admin)) {
            List<Worktree> linked = new ArrayList<>();
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(admin)) {
                for (Path dir : dirs) {
                    readLinked(dir).ifPresent(linked::add);
                }
            } catch (IOException e) {
                return result;
            }
            linked.sort(Comparator.comparing(w -> w.path().toString()));
            result.addAll(linked);
        }
        return List.copyOf(result);
    }

    private Optional<Worktree> readLinked(Path adminDir) {
        try {
            Path gitdirFile = adminDir.resolve("gitdir");
            if (!Files.isRegularFile(gitdirFile)) {
                return Optional.empty();
            }
            Path dotGit = Path.of(Files.readString(gitdirFile, StandardCharsets.UTF_8).strip());
            if (!dotGit.isAbsolute()) {
                dotGit = adminDir.resolve(dotGit).normalize();
            }
            Path path = dotGit.getParent();
            boolean prunable = !Files.exists(dotGit);
            return Optional.of(new Worktree(adminDir.getFileName().toString(), path,
                    branchOf(adminDir.resolve("HEAD")), false, prunable));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String branchOf(Path head) {
        try {
            String content = Files.readString(head, StandardCharsets.UTF_8).strip();
            return content.startsWith(HEADS) ? content.substring(HEADS.length()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
