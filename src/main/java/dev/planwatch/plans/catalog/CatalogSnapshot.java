package dev.planwatch.plans.catalog;

import dev.planwatch.registry.RegistryView;
import dev.planwatch.workspace.GitWorkflow;
import dev.planwatch.workspace.Worktree;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The in-memory view of the whole workspace at one moment. Never changed once published; the
 * memo only caches values derived from it (rendered responses, within a budget of entries and
 * bytes), so they die with it.
 */
public final class CatalogSnapshot {

    private final SortedMap<String, PlanView> plans;
    private final RegistryView registry;
    private final GitWorkflow gitWorkflow;
    private final List<Worktree> worktrees;
    private final String currentPlan;
    private final Map<String, Object> memo = new ConcurrentHashMap<>();

    public CatalogSnapshot(SortedMap<String, PlanView> plans, RegistryView registry,
                           GitWorkflow gitWorkflow, List<Worktree> worktrees, String currentPlan) {
        this.plans = plans;
        this.registry = registry;
        this.gitWorkflow = gitWorkflow;
        this.worktrees = worktrees;
        this.currentPlan = currentPlan;
    }

    /** Plans by name, in byte order of the name. */
    public SortedMap<String, PlanView> plans() {
        return plans;
    }

    public Optional<PlanView> plan(String name) {
        return Optional.ofNullable(plans.get(name));
    }

    public RegistryView registry() {
        return registry;
    }

    public GitWorkflow gitWorkflow() {
        return gitWorkflow;
    }

    public List<Worktree> worktrees() {
        return worktrees;
    }

    /** The active plan named by {@code .claude/current-plan.txt}, or null. */
    public String currentPlan() {
        return currentPlan;
    }

    /** Memoised values per snapshot; beyond this, values are computed but not kept (no request can grow memory). */
    static final int MAX_MEMO_ENTRIES = 8192;
    /** Rendered bodies kept per snapshot, in bytes: room for the list of 10,000 plans and a few hundred details. */
    static final long MAX_MEMO_BYTES = 16L << 20;
    private final AtomicLong memoBytes = new AtomicLong();

    /**
     * A value computed from this snapshot, kept for the snapshot's lifetime; {@code bytes} says how
     * much of {@link #MAX_MEMO_BYTES} it takes (a rendered body's length). Not computeIfAbsent: a
     * memoised computation may itself use memoised values (recursive updates are illegal there), and
     * two threads computing the same value at once is harmless, both results being equal.
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, Supplier<T> compute, ToLongFunction<? super T> bytes) {
        Object value = memo.get(key);
        if (value == null) {
            T computed = compute.get();
            value = computed;
            long size = bytes.applyAsLong(computed);
            if (memo.size() < MAX_MEMO_ENTRIES && memoBytes.addAndGet(size) <= MAX_MEMO_BYTES) {
                Object earlier = memo.putIfAbsent(key, value);
                value = earlier == null ? value : earlier;
            } else {
                memoBytes.addAndGet(-size);
            }
        }
        return (T) value;
    }

    /** Whether {@code key} has a memoised value (so asking for it costs nothing). */
    public boolean memoized(String key) {
        return memo.containsKey(key);
    }
}
