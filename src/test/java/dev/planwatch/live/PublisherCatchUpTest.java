package dev.planwatch.live;

import dev.planwatch.plans.catalog.PlanView;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a publisher that has fallen behind publishes: each plan's waiting changes as one, each log once. */
class PublisherCatchUpTest {

    private static PlanView view(String plan, String lastUpdatedAt) {
        return new PlanView(plan, "docs/plans/" + plan + ".md", true, plan, null, true, null, null, null, "pending", null, null,
                lastUpdatedAt);
    }

    @Test
    void eachPlansChangesBecomeOneFromTheFirstPreviousStateToTheLastNewState() {
        PlanView a0 = view("a", "0");
        PlanView a1 = view("a", "1");
        PlanView a2 = view("a", "2");
        PlanView b0 = view("b", "0");
        PlanView b1 = view("b", "1");
        List<Object> waiting = List.of(new PlanChanged("a", a0, a1, 10), new LogAppended("a"), new PlanChanged("b", b0, b1, 11),
                new PlanChanged("a", a1, a2, 12), new LogAppended("a"));

        assertEquals(List.of(new PlanChanged("a", a0, a2, 10), new LogAppended("a"), new PlanChanged("b", b0, b1, 11)),
                ChangeDetector.merged(waiting));
    }

    @Test
    void aPlanThatCameAndWentAmongTheWaitingChangesIsLeftOutAndOneThatWentAndCameIsAChange() {
        PlanView c1 = view("c", "1");
        PlanView d0 = view("d", "0");
        PlanView d1 = view("d", "1");
        List<Object> waiting = List.of(new PlanChanged("c", null, c1, 1), new PlanChanged("d", d0, null, 2),
                new PlanChanged("c", c1, null, 3), new PlanChanged("d", null, d1, 4));

        assertEquals(List.of(new PlanChanged("d", d0, d1, 2)), ChangeDetector.merged(waiting));
    }
}
