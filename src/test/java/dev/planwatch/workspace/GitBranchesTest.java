package dev.planwatch.workspace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readers of git's -z outputs, on outputs git 2.39 printed, and the checks on what is handed to git. */
class GitBranchesTest {

    @Test
    void aRawAndNumstatListingGivesEachFileItsStatusAndCounts() {
        String output = ":100644 100644 87ae6b6 22f6b3b M\0b.bin\0:100644 000000 286c5f5 0000000 D\0d.txt\0"
                + ":100644 100644 2fa992c 2fa992c R100\0r.txt\0r2.txt\0"
                + "-\t-\tb.bin\0" + "0\t1\td.txt\0" + "0\t0\t\0r.txt\0r2.txt\0";
        GitBranches.FileChanges changes = GitBranches.parseListing(output, 100, false);
        assertEquals(List.of(
                new GitBranches.FileChange("b.bin", null, "modified", null, null, true),
                new GitBranches.FileChange("d.txt", null, "deleted", 0, 1, false),
                new GitBranches.FileChange("r2.txt", "r.txt", "renamed", 0, 0, false)), changes.files());
        assertFalse(changes.truncated());
        GitBranches.FileChanges capped = GitBranches.parseListing(output, 2, false);
        assertEquals(2, capped.files().size());
        assertTrue(capped.truncated());
    }

    @Test
    void aCutListingKeepsWhatIsWhole() {
        String cut = ":100644 100644 87ae6b6 22f6b3b M\0a.txt\0:100644 100644 aaaaaaa bbbbbbb M\0b.t";
        GitBranches.FileChanges changes = GitBranches.parseListing(cut, 100, true);
        assertTrue(changes.truncated());
        assertEquals("a.txt", changes.files().get(0).path());
    }

    @Test
    void mergeTreeMessagesNameTheKindOfEachConflict() {
        String output = "d89c90be10799ea32f13faef9a57b1de17b854e3\0f.txt\0g.txt\0\0"
                + "1\0f.txt\0Auto-merging\0Auto-merging f.txt\n\0"
                + "1\0f.txt\0CONFLICT (contents)\0CONFLICT (content): Merge conflict in f.txt\n\0"
                + "2\0g.txt\0h.txt\0CONFLICT (rename/delete)\0CONFLICT (rename/delete): g.txt renamed to h.txt\n\0";
        assertEquals(List.of(new GitBranches.ConflictedFile("f.txt", List.of("CONFLICT (contents)")),
                new GitBranches.ConflictedFile("g.txt", List.of("CONFLICT (rename/delete)"))), GitBranches.conflictsOf(output));
    }

    @Test
    void onlyCommitIdsAndPlainBranchNamesAreHandedToGit() {
        assertTrue(GitBranches.isCommitId("d89c90be10799ea32f13faef9a57b1de17b854e3"));
        assertFalse(GitBranches.isCommitId("HEAD"));
        assertFalse(GitBranches.isCommitId("--output=/tmp/x"));
        assertTrue(GitBranches.isBranchName("main"));
        assertTrue(GitBranches.isBranchName("release/2.x"));
        for (String bad : List.of("-x", "--all", "a..b", "a@{1}", "a//b", "a/", "a.lock", "a b", "")) {
            assertFalse(GitBranches.isBranchName(bad), bad);
        }
    }
}
