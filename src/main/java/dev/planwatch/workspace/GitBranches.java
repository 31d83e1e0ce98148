package dev.planwatch.workspace;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What git says about branches: their tips, what a branch changed since it left another, one file's
 * diff, and a dry-run merge of two commits. Every revision handed to git is a commit id read from
 * git itself (checked to be one), every path one git listed, always after {@code --}; outputs are
 * capped and commands bounded by the runner's timeout. Nothing here writes to the repository: a
 * dry-run merge writes its trees and blobs to a scratch object directory that is deleted after.
 * Blocking: callers run on worker threads.
 */
@ApplicationScoped
public class GitBranches {

    private static final String HEADS = "refs/heads/";
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
    /** Branch names as configured by a person: git's own rules, a little stricter (no leading dash, no "..", no "@{"). */
    private static final Pattern BRANCH = Pattern.compile("(?!-)(?!.*\\.\\.)(?!.*@\\{)(?!.*//)[A-Za-z0-9._/-]{1,200}(?<![/.])");
    /** Output caps: a listing of refs, a diff listing of files, a commit list, a dry-run merge's report. */
    private static final int REFS_CAP = 4 * 1024 * 1024;
    private static final int LISTING_CAP = 16 * 1024 * 1024;
    private static final int MERGE_CAP = 4 * 1024 * 1024;
    /** More loose refs than this are not stamped one by one (the stamp then says only that there are many). */
    private static final int MAX_STAMPED_REFS = 20_000;

    private final WorktreeReader reader;
    private final GitCommands git;

    public GitBranches(WorktreeReader reader, GitCommands git) {
        this.reader = reader;
        this.git = git;
    }

    /** One commit: its id, subject, author and author time (ISO-8601 UTC). */
    @RegisterForReflection
    public record Commit(String sha, String subject, String author, String time) {
    }

    /**
     * One changed file. {@code status}: {@code added}, {@code modified}, {@code deleted},
     * {@code renamed} (with {@code oldPath}), {@code copied}, {@code typechange} or {@code untracked}.
     * {@code added}/{@code removed} are null for binary and untracked files.
     */
    @RegisterForReflection
    public record FileChange(String path, String oldPath, String status, Integer added, Integer removed, boolean binary) {
    }

    /** The files of a diff, and whether the listing was cut (at {@code maxFiles} or the output cap). */
    public record FileChanges(List<FileChange> files, boolean truncated) {
    }

    /** Commits of a range, newest first, at most {@code limit}, and how many there are in all. */
    public record Commits(List<Commit> commits, int total) {
    }

    /** A unified diff as git printed it (cut at the cap, at a line end, when {@code truncated}). */
    public record Diff(String text, boolean truncated) {
    }

    /** A file a dry-run merge could not merge, with the kinds of conflict git named (e.g. {@code CONFLICT (contents)}). */
    @RegisterForReflection
    public record ConflictedFile(String path, List<String> kinds) {
    }

    /**
     * What {@code git merge-tree --write-tree} said of merging two commits: clean, or the files that
     * conflict; {@code error} when git could not merge them at all (unrelated histories), and
     * {@code unanswered} when git did not answer (missing, or slower than its timeout): worth asking again.
     */
    public record DryMerge(boolean clean, List<ConflictedFile> conflicts, String error, boolean unanswered) {
    }

    /** Whether a branch name given by configuration is one git would accept, and safe to pass on. */
    public static boolean isBranchName(String name) {
        return name != null && BRANCH.matcher(name).matches() && !name.endsWith(".lock");
    }

    public static boolean isCommitId(String text) {
        return text != null && COMMIT_ID.matcher(text).matches();
    }

    /** The git directory every worktree shares; empty when the workspace is not a git repository. */
    public Optional<Path> commonDir() {
        return reader.commonDir();
    }

    /** Every local branch (without {@code refs/heads/}) and its tip; empty when git cannot tell. */
    public Optional<Map<String, String>> branchTips(Path repository) {
        return git.capture(repository, Map.of(), REFS_CAP, "for-each-ref", "--format=%(objectname) %(refname)", HEADS)
                .filter(output -> output.exit() == 0 && !output.truncated())
                .map(output -> {
                    Map<String, String> tips = new TreeMap<>();
                    for (String line : text(output.bytes()).split("\n")) {
                        int space = line.indexOf(' ');
                        if (space > 0 && line.startsWith(HEADS, space + 1) && isCommitId(line.substring(0, space))) {
                            tips.put(line.substring(space + 1 + HEADS.length()), line.substring(0, space));
                        }
                    }
                    return tips;
                });
    }

    /** The best common ancestor of two commits; empty when they have none. */
    public Optional<String> mergeBase(Path repository, String a, String b) {
        requireCommits(a, b);
        return git.run(repository, "merge-base", a, b).map(String::strip).filter(GitBranches::isCommitId);
    }

    /** The commits reachable from {@code tip} and not from {@code base}, newest first, at most {@code limit}. */
    public Optional<Commits> commits(Path repository, String base, String tip, int limit) {
        requireCommits(base, tip);
        String range = base + ".." + tip;
        Optional<GitCommands.Output> log = git.capture(repository, Map.of(), LISTING_CAP, "log", "--no-color", "--no-show-signature",
                "-z", "--format=%H%x1f%an%x1f%at%x1f%s", "-n", Integer.toString(limit), range);
        if (log.isEmpty() || log.get().exit() != 0) {
            return Optional.empty();
        }
        List<Commit> commits = new ArrayList<>();
        for (String record : text(log.get().bytes()).split("\0")) {
            String[] fields = record.split("\u001f", 4);
            if (fields.length == 4 && isCommitId(fields[0])) {
                commits.add(new Commit(fields[0], fields[3], fields[1], epochSeconds(fields[2])));
            }
        }
        int total = commits.size();
        if (commits.size() >= limit) {
            total = git.run(repository, "rev-list", "--count", range).map(String::strip).map(GitBranches::number).orElse(total);
        }
        return Optional.of(new Commits(List.copyOf(commits), total));
    }

    /** The files changed from {@code base} to {@code tip} (renames found), with their line counts. */
    public Optional<FileChanges> changedFiles(Path repository, String base, String tip, int maxFiles) {
        requireCommits(base, tip);
        return listing(repository, maxFiles, "diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", "--raw", "--numstat",
                "-z", base, tip);
    }

    /** A worktree's uncommitted changes against its HEAD (staged or not), and its untracked files. */
    public Optional<FileChanges> uncommittedFiles(Path worktree, int maxFiles) {
        Optional<FileChanges> tracked = listing(worktree, maxFiles, "diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M",
                "--raw", "--numstat", "-z", "HEAD");
        if (tracked.isEmpty()) {
            return Optional.empty();
        }
        List<FileChange> files = new ArrayList<>(tracked.get().files());
        boolean truncated = tracked.get().truncated();
        Optional<GitCommands.Output> untracked = git.capture(worktree, Map.of(), LISTING_CAP, "ls-files", "--others",
                "--exclude-standard", "-z");
        if (untracked.isPresent() && untracked.get().exit() <= 0) {
            truncated |= untracked.get().truncated();
            for (String path : text(untracked.get().bytes()).split("\0")) {
                if (path.isEmpty()) {
                    continue;
                }
                if (files.size() >= maxFiles) {
                    truncated = true;
                    break;
                }
                files.add(new FileChange(path, null, "untracked", null, null, false));
            }
        }
        return Optional.of(new FileChanges(List.copyOf(files), truncated));
    }

    /** The unified diff of one file from {@code base} to {@code tip}; a rename is shown as one (both paths given). */
    public Optional<Diff> fileDiff(Path repository, String base, String tip, FileChange file, int maxBytes) {
        requireCommits(base, tip);
        return diff(repository, maxBytes, withPaths(List.of("diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", base, tip), file));
    }

    /** The unified diff of one uncommitted file of a worktree against its HEAD; an untracked file as all added. */
    public Optional<Diff> uncommittedFileDiff(Path worktree, FileChange file, int maxBytes) {
        if (file.status().equals("untracked")) {
            // --no-index compares two files outside git's knowledge: the file against nothing.
            return diff(worktree, maxBytes, List.of("diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-index", "--",
                    "/dev/null", file.path()));
        }
        return diff(worktree, maxBytes, withPaths(List.of("diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", "HEAD"), file));
    }

    /**
     * Merges {@code a} and {@code b} without touching any worktree, index or ref ({@code git merge-tree
     * --write-tree}, git 2.38 or later). The trees and blobs git writes go to a scratch object
     * directory (the repository's own objects read through {@code GIT_ALTERNATE_OBJECT_DIRECTORIES}),
     * deleted with {@link Scratch#close()}, so the repository gains nothing.
     */
    public DryMerge dryMerge(Path repository, Scratch scratch, String a, String b) {
        requireCommits(a, b);
        Optional<GitCommands.Output> merge = git.capture(repository, scratch.environment(), MERGE_CAP,
                "merge-tree", "--write-tree", "--name-only", "--messages", "-z", a, b);
        if (merge.isEmpty()) {
            return new DryMerge(false, List.of(), "git did not answer (missing, or slower than its timeout)", true);
        }
        GitCommands.Output output = merge.get();
        if (output.exit() == 0) {
            return new DryMerge(true, List.of(), null, false);
        }
        if (output.exit() != 1) {
            return new DryMerge(false, List.of(), output.truncated() ? "the merge's report was larger than "
                    + MERGE_CAP / (1024 * 1024) + " MiB" : "git merge-tree failed (exit " + output.exit() + ")", false);
        }
        return new DryMerge(false, conflictsOf(text(output.bytes())), null, false);
    }

    /**
     * Reads {@code merge-tree -z --name-only --messages} output: the tree, the conflicted paths up to
     * an empty entry, then messages of {@code count, paths…, type, text}; each conflicted path gets
     * the {@code CONFLICT (…)} types that name it.
     */
    static List<ConflictedFile> conflictsOf(String output) {
        String[] tokens = output.split("\0", -1);
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        int i = 1;
        while (i < tokens.length && !tokens[i].isEmpty()) {
            kinds.put(tokens[i++], new ArrayList<>());
        }
        i++;
        while (i < tokens.length) {
            int count = number(tokens[i]);
            if (count <= 0 || i + count + 2 >= tokens.length) {
                break;
            }
            String type = tokens[i + count + 1];
            for (int p = i + 1; p <= i + count; p++) {
                List<String> ofPath = kinds.get(tokens[p]);
                if (ofPath != null && type.startsWith("CONFLICT") && !ofPath.contains(type)) {
                    ofPath.add(type);
                }
            }
            i += count + 3;
        }
        List<ConflictedFile> files = new ArrayList<>();
        kinds.forEach((path, types) -> files.add(new ConflictedFile(path, List.copyOf(types))));
        return List.copyOf(files);
    }

    /** Opens a scratch object directory for dry-run merges, reading the workspace repository's objects. */
    public Scratch scratch() throws IOException {
        Path objects = commonDir().orElseThrow(() -> new IOException("not a git repository")).resolve("objects").toAbsolutePath();
        return new Scratch(Files.createTempDirectory("planwatch-merge-"), objects);
    }

    /** A temporary object directory; what git writes there is deleted on close. */
    public static final class Scratch implements AutoCloseable {
        private final Path directory;
        private final Map<String, String> environment;

        Scratch(Path directory, Path repositoryObjects) {
            this.directory = directory;
            this.environment = Map.of("GIT_OBJECT_DIRECTORY", directory.toString(),
                    "GIT_ALTERNATE_OBJECT_DIRECTORIES", repositoryObjects.toString());
        }

        Map<String, String> environment() {
            return environment;
        }

        @Override
        public void close() {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary directory: the system's clean-up takes what is left
            }
        }
    }

    /**
     * What identifies the state of every branch without running git: the stamps of
     * {@code packed-refs} and of each loose ref under {@code refs/heads}. Git updates a ref by renaming
     * a new file over it, so a moved branch always changes its stamp.
     */
    public List<Object> refsStamp() {
        List<Object> stamps = new ArrayList<>();
        Optional<Path> common = commonDir();
        if (common.isEmpty()) {
            return stamps;
        }
        Path packed = common.get().resolve("packed-refs");
        stamps.add(FileStamp.of(packed));
        int[] budget = {MAX_STAMPED_REFS};
        stampRefs(common.get().resolve(HEADS), stamps, budget, 0);
        return stamps;
    }

    /** Every directory under {@code refs/heads}: the change detector watches them. */
    public List<Path> refDirectories() {
        List<Path> dirs = new ArrayList<>();
        commonDir().ifPresent(common -> collectDirectories(common.resolve(HEADS), dirs, 0));
        return dirs;
    }

    private static void collectDirectories(Path dir, List<Path> into, int depth) {
        if (depth > 16 || into.size() > 1000 || !Files.isDirectory(dir)) {
            return;
        }
        into.add(dir);
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : children) {
                collectDirectories(child, into, depth + 1);
            }
        } catch (IOException e) {
            // gone meanwhile: nothing to watch there
        }
    }

    private static void stampRefs(Path dir, List<Object> stamps, int[] budget, int depth) {
        if (depth > 16 || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (budget[0]-- <= 0) {
                    stamps.add("many refs");
                    return;
                }
                if (Files.isDirectory(child)) {
                    stampRefs(child, stamps, budget, depth + 1);
                } else {
                    stamps.add(child.toString());
                    stamps.add(FileStamp.of(child));
                }
            }
        } catch (IOException e) {
            stamps.add(e.getClass().getName());
        }
    }

    private Optional<FileChanges> listing(Path directory, int maxFiles, String... args) {
        Optional<GitCommands.Output> output = git.capture(directory, Map.of(), LISTING_CAP, args);
        if (output.isEmpty() || (output.get().exit() != 0 && !output.get().truncated())) {
            return Optional.empty();
        }
        return Optional.of(parseListing(text(output.get().bytes()), maxFiles, output.get().truncated()));
    }

    /**
     * Reads {@code git diff --raw --numstat -z}: first one raw entry per file
     * ({@code :mode mode id id STATUS\0path\0}, two paths for a rename or copy), then one numstat entry
     * per file in the same order ({@code added\tremoved\tpath\0}, or {@code added\tremoved\t\0old\0new\0};
     * {@code -} for binary files).
     */
    static FileChanges parseListing(String output, int maxFiles, boolean cut) {
        String[] tokens = output.split("\0", -1);
        List<String[]> raw = new ArrayList<>();
        int i = 0;
        while (i < tokens.length && tokens[i].startsWith(":")) {
            String[] header = tokens[i].split(" ");
            String status = header.length >= 5 ? header[4] : "M";
            boolean twoPaths = status.startsWith("R") || status.startsWith("C");
            if (i + (twoPaths ? 2 : 1) >= tokens.length) {
                break;
            }
            raw.add(twoPaths ? new String[]{status, tokens[i + 1], tokens[i + 2]} : new String[]{status, null, tokens[i + 1]});
            i += twoPaths ? 3 : 2;
        }
        List<FileChange> files = new ArrayList<>();
        boolean truncated = cut;
        for (String[] entry : raw) {
            if (files.size() >= maxFiles) {
                truncated = true;
                break;
            }
            Integer added = null;
            Integer removed = null;
            boolean binary = false;
            if (i < tokens.length && !tokens[i].isEmpty()) {
                String[] counts = tokens[i].split("\t", 3);
                boolean renamedEntry = counts.length == 3 && counts[2].isEmpty();
                binary = counts.length >= 2 && counts[0].equals("-");
                added = binary || counts.length < 2 ? null : number(counts[0]);
                removed = binary || counts.length < 2 ? null : number(counts[1]);
                i += renamedEntry ? 3 : 1;
            }
            files.add(new FileChange(entry[2], entry[1], statusName(entry[0]), added, removed, binary));
        }
        return new FileChanges(List.copyOf(files), truncated);
    }

    private static String statusName(String code) {
        return switch (code.isEmpty() ? 'M' : code.charAt(0)) {
            case 'A' -> "added";
            case 'D' -> "deleted";
            case 'R' -> "renamed";
            case 'C' -> "copied";
            case 'T' -> "typechange";
            default -> "modified";
        };
    }

    private Optional<Diff> diff(Path directory, int maxBytes, List<String> args) {
        Optional<GitCommands.Output> output = git.capture(directory, Map.of(), maxBytes, args.toArray(String[]::new));
        // --no-index answers 1 when the files differ, which is the point of asking.
        if (output.isEmpty() || output.get().exit() > 1) {
            return Optional.empty();
        }
        String text = text(output.get().bytes());
        if (output.get().truncated()) {
            int lastLine = text.lastIndexOf('\n');
            text = lastLine < 0 ? "" : text.substring(0, lastLine + 1);
        }
        return Optional.of(new Diff(text, output.get().truncated()));
    }

    private static List<String> withPaths(List<String> args, FileChange file) {
        List<String> all = new ArrayList<>(args);
        all.add("--");
        if (file.oldPath() != null) {
            all.add(file.oldPath());
        }
        all.add(file.path());
        return all;
    }

    private static void requireCommits(String... ids) {
        for (String id : ids) {
            if (!isCommitId(id)) {
                throw new IllegalArgumentException("not a commit id: " + id);
            }
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An author time as planwatch writes its own: ISO-8601 UTC with milliseconds. */
    private static String epochSeconds(String text) {
        try {
            return Timestamps.format(Instant.ofEpochSecond(Long.parseLong(text.strip())));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
