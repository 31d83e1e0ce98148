package dev.planwatch.health;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class GaugesTest {

    /** Two application starts in one JVM share the composite; each start adds its own scraped registry. */
    @Test
    void aSecondStartsGaugeReplacesTheFirstStartsInTheRegistryScrapedNow() {
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        SimpleMeterRegistry firstScraped = new SimpleMeterRegistry();
        composite.add(firstScraped);
        AtomicInteger firstStart = new AtomicInteger(7);
        Gauges.replace(composite, "planwatch.test.pending", firstStart, AtomicInteger::get, "pending");
        composite.remove(firstScraped);

        SimpleMeterRegistry secondScraped = new SimpleMeterRegistry();
        composite.add(secondScraped);
        AtomicInteger secondStart = new AtomicInteger(3);
        Gauges.replace(composite, "planwatch.test.pending", secondStart, AtomicInteger::get, "pending");

        assertNotNull(secondScraped.find("planwatch.test.pending").gauge(), "registered in the registry scraped now");
        assertEquals(3.0, secondScraped.get("planwatch.test.pending").gauge().value());
        assertEquals(1, composite.find("planwatch.test.pending").gauges().size());
        secondStart.set(5);
        assertEquals(5.0, composite.get("planwatch.test.pending").gauge().value());
    }
}
