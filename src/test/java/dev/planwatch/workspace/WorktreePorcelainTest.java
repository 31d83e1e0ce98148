package dev.planwatch.workspace;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WorktreePorcelainTest {

    @Test
    void readsMainLinkedDetachedBareAndPrunable() {
        String porcelain = """
                worktree /repo
                HEAD 1111111111111111111111111111111111111111
                branch refs/heads/main

                worktree /repo/worktrees/a
                HEAD 2222222222222222222222222222222222222222
                branch refs/heads/plan/a
                locked reason here

                worktree /repo/worktrees/detached
                HEAD 3333333333333333333333333333333333333333
                detached

                worktree /tmp/gone
                HEAD 4444444444444444444444444444444444444444
                branch refs/heads/plan/gone
                prunable gitdir file points to non-existent location
                """;
        List<Worktree> worktrees = WorktreePorcelain.parse(porcelain);
        assertEquals(List.of(
                new Worktree("", Path.of("/repo"), "main", true, false),
                new Worktree("a", Path.of("/repo/worktrees/a"), "plan/a", false, false),
                new Worktree("detached", Path.of("/repo/worktrees/detached"), null, false, false),
                new Worktree("gone", Path.of("/tmp/gone"), "plan/gone", false, true)), worktrees);
        assertEquals(List.of(), WorktreePorcelain.parse(""));
    }
}
