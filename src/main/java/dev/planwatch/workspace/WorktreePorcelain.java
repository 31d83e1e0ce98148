package dev.planwatch.workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code git worktree list --porcelain}: blank-line separated records, the main worktree first. */
public final class WorktreePorcelain {

    private static final String HEADS = "refs/heads/";

    private WorktreePorcelain() {
    }

    public static List<Worktree> parse(String porcelain) {
        List<Worktree> result = new ArrayList<>();
        String path = null;
        String branch = null;
        boolean prunable = false;
        for (String line : (porcelain + "\n\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (path != null) {
                    boolean main = result.isEmpty();
                    result.add(new Worktree(main ? "" : Path.of(path).getFileName().toString(), Path.of(path), branch, main, prunable));
                }
                path = null;
                branch = null;
                prunable = false;
            } else if (line.startsWith("worktree ")) {
                path = line.substring("worktree ".length());
            } else if (line.startsWith("branch ")) {
                String ref = line.substring("branch ".length());
                branch = ref.startsWith(HEADS) ? ref.substring(HEADS.length()) : ref;
            } else if (line.equals("prunable") || line.startsWith("prunable ")) {
                prunable = true;
            }
        }
        return List.copyOf(result);
    }
}
