package dev.planwatch.live;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poll's pace, on a clock the test moves: every poll-interval without a watch or for one safety
 * interval after the watch lost events; else a full poll every safety interval, and in between
 * liveness checks every poll-interval only while an orchestrator may run; a scheduled tick is only
 * ever brought forward.
 */
class PollPacingTest {

    private static final long POLL = Duration.ofSeconds(1).toNanos();
    private static final long SAFETY = Duration.ofSeconds(60).toNanos();

    /** Starts far from zero and near the top of the range: the arithmetic must survive nanoTime's overflow. */
    private final AtomicLong clock = new AtomicLong(Long.MAX_VALUE - SAFETY / 2);
    private final PollPacing pacing = new PollPacing(Duration.ofNanos(POLL), Duration.ofNanos(SAFETY), clock::get);

    private void advance(long nanos) {
        clock.addAndGet(nanos);
    }

    @Test
    void withoutAWatchEveryTickIsAFullPollOnePollIntervalApart() {
        pacing.start(false);

        assertTrue(pacing.fullPace());
        for (int i = 0; i < 3; i++) {
            assertEquals(OptionalLong.of(POLL), pacing.nextTickDelay(() -> false));
            advance(POLL);
            assertEquals(PollPacing.Work.FULL_POLL, pacing.tick(() -> false));
        }
    }

    @Test
    void idleWhileWatchingTheOnlyTickIsTheSafetyPollOncePerSafetyInterval() {
        pacing.start(true);

        assertFalse(pacing.fullPace());
        assertEquals(OptionalLong.of(SAFETY), pacing.nextTickDelay(() -> false));
        advance(SAFETY);
        assertEquals(PollPacing.Work.FULL_POLL, pacing.tick(() -> false));
        assertEquals(OptionalLong.of(SAFETY), pacing.nextTickDelay(() -> false));
        advance(SAFETY / 3);
        assertEquals(PollPacing.Work.NOTHING, pacing.tick(() -> false), "a tick before the safety poll is due does nothing");
        assertEquals(OptionalLong.of(SAFETY - SAFETY / 3), pacing.nextTickDelay(() -> false));
    }

    @Test
    void whileAnOrchestratorMayRunItsLivenessIsCheckedEveryPollIntervalAndTheFullPollStaysAtTheSafetyPace() {
        pacing.start(true);
        int livenessChecks = 0;
        int fullPolls = 0;
        for (long elapsed = 0; elapsed < 2 * SAFETY; elapsed += POLL) {
            assertEquals(OptionalLong.of(POLL), pacing.nextTickDelay(() -> true));
            advance(POLL);
            PollPacing.Work work = pacing.tick(() -> true);
            if (work == PollPacing.Work.FULL_POLL) {
                fullPolls++;
            } else {
                assertEquals(PollPacing.Work.LIVENESS_CHECK, work);
                livenessChecks++;
            }
        }
        assertEquals(2, fullPolls);
        assertEquals(2 * SAFETY / POLL - 2, livenessChecks);
    }

    @Test
    void afterTheWatchLostEventsThePollRunsAtFullPaceForOneSafetyInterval() {
        pacing.start(true);
        advance(POLL);
        pacing.fullPaceForAWhile();

        assertTrue(pacing.fullPace());
        assertEquals(OptionalLong.of(POLL), pacing.nextTickDelay(() -> false));
        advance(SAFETY - POLL);
        assertTrue(pacing.fullPace());
        assertEquals(PollPacing.Work.FULL_POLL, pacing.tick(() -> false));
        advance(POLL);
        assertFalse(pacing.fullPace(), "one safety interval later the watch is trusted again");
        assertEquals(PollPacing.Work.NOTHING, pacing.tick(() -> false));
        assertEquals(OptionalLong.of(SAFETY - POLL), pacing.nextTickDelay(() -> false),
                "the next full poll is one safety interval after the last one");
    }

    @Test
    void aFullPaceBeforeTheStartLastsOneSafetyIntervalFromWhenItWasAsked() {
        pacing.fullPaceForAWhile();
        advance(SAFETY / 2);
        pacing.start(true);

        assertTrue(pacing.fullPace());
        advance(SAFETY / 2);
        assertFalse(pacing.fullPace());
    }

    @Test
    void aScheduledTickIsBroughtForwardButNeverPutOff() {
        pacing.start(true);
        assertEquals(OptionalLong.of(SAFETY), pacing.nextTickDelay(() -> false));

        advance(POLL);
        assertEquals(OptionalLong.empty(), pacing.nextTickDelay(() -> false), "the safety poll already scheduled stands");
        assertEquals(OptionalLong.of(POLL), pacing.nextTickDelay(() -> true),
                "an orchestrator that appeared is followed from now on, not from the next safety poll");
        assertEquals(OptionalLong.empty(), pacing.nextTickDelay(() -> true));
        assertEquals(OptionalLong.empty(), pacing.nextTickDelay(() -> false), "the earlier tick is not put off");

        advance(POLL);
        assertEquals(PollPacing.Work.NOTHING, pacing.tick(() -> false));
        assertEquals(OptionalLong.of(SAFETY - 2 * POLL), pacing.nextTickDelay(() -> false),
                "once the orchestrator is gone the next tick is the safety poll");
    }

    @Test
    void anOverdueSafetyPollIsScheduledAtOnce() {
        pacing.start(true);
        advance(SAFETY + POLL);

        assertEquals(OptionalLong.of(0), pacing.nextTickDelay(() -> false));
        assertEquals(PollPacing.Work.FULL_POLL, pacing.tick(() -> false));
    }
}
