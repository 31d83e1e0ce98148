package dev.planwatch.plans.catalog;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapBudgetTest {

    private static final long MB = 1 << 20;

    @Test
    void aWorkspaceThatFitsPasses() {
        assertEquals(Optional.empty(), HeapBudget.verdict(2 * MB, 79, 8 * MB, 96 * MB), "the 79-plan corpus on bin/planwatch's heap");
        assertEquals(Optional.empty(), HeapBudget.verdict(60 * MB, 1_000, 8 * MB, 96 * MB), "1,000 plans of 200 tasks");
        assertEquals(Optional.empty(), HeapBudget.verdict(118 * MB, 10_000, 8 * MB, 96 * MB), "10,000 plans of 20 tasks");
    }

    @Test
    void aWorkspaceThatDoesNotFitSaysWhatToChange() {
        String message = HeapBudget.verdict(400 * MB, 20_000, 8 * MB, 96 * MB).orElseThrow();
        assertTrue(message.contains("20000 plans' status.json files hold 400 MB") && message.contains("about 149 MB")
                && message.contains("has 96 MB"), message);
        assertTrue(message.contains("-Xmx176m") && message.contains("PLANWATCH_JVM_OPTS"), message);
        assertTrue(HeapBudget.verdict(400 * MB, 20_000, 8 * MB, 170 * MB).isEmpty(), "the heap it suggests is enough");
    }

    @Test
    void aWorkspaceThatFillsMostOfTheHeapIsServedWithAdviceForSteadyLatency() {
        assertEquals(Optional.empty(), HeapBudget.advice(60 * MB, 1_000, 8 * MB, 96 * MB), "1,000 plans of 200 tasks run smoothly");
        String advice = HeapBudget.advice(56 * MB, 10_000, 8 * MB, 96 * MB).orElseThrow();
        assertTrue(advice.contains("10000 plans") && advice.contains("-Xmx144m"), advice);
        assertEquals(Optional.empty(), HeapBudget.advice(56 * MB, 10_000, 8 * MB, 139 * MB),
                "the heap it suggests is enough, as the JVM reports it (a little less than -Xmx)");
    }

    /**
     * The budget's shares were measured with the serial collector's default split, which gives what
     * lives long two thirds of the heap. With serial, bin/planwatch's young generation may be larger
     * than by default at a small heap, but never so large that the old generation has less than that;
     * Shenandoah, its default where the JDK has it, is not generational: all of the heap is there for
     * what lives long. Both run at the same maximum heap.
     */
    @Test
    void binPlanwatchLeavesWhatLivesLongTwoThirdsOfItsHeap() throws Exception {
        String script = java.nio.file.Files.readString(java.nio.file.Path.of("bin/planwatch"));
        String serial = options(script, "SERIAL_OPTS");
        long maxHeap = megabytes(serial, "-Xmx(\\d+)m");
        long maxYoung = megabytes(serial, "-XX:MaxNewSize=(\\d+)m");
        assertEquals(96, maxHeap);
        assertTrue(maxYoung > 0 && (maxHeap - maxYoung) * 3 >= maxHeap * 2, serial);
        String shenandoah = options(script, "SHENANDOAH_OPTS");
        assertTrue(shenandoah.contains("-XX:+UseShenandoahGC") && !shenandoah.contains("NewSize"), shenandoah);
        assertEquals(96, megabytes(shenandoah, "-Xmx(\\d+)m"));
    }

    private static String options(String script, String variable) {
        java.util.regex.Matcher flags = java.util.regex.Pattern.compile("\n" + variable + "=\"([^\"]*)\"").matcher(script);
        assertTrue(flags.find(), "bin/planwatch's " + variable + " line");
        return flags.group(1);
    }

    private static long megabytes(String flags, String pattern) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern).matcher(flags);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
