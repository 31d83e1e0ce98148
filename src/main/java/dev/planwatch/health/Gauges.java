package dev.planwatch.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.ToDoubleFunction;

/**
 * The one way planwatch registers a gauge: in place of any meter of its name already in the registry, and
 * holding the measured object strongly.
 *
 * <p>The registry handed out is a process-wide composite that outlives one application start (tests start
 * several in one JVM). A gauge left by an earlier start points at that start's beans, and registering the
 * same name again would return it instead of the new one: it reads NaN, or, once its weakly held object is
 * collected, a registry added later never receives it and the gauge is missing from the scrape.
 */
public final class Gauges {

    private Gauges() {
    }

    /** Registers {@code name} measuring {@code value} of {@code object}, replacing an earlier start's gauge. */
    public static <T> Gauge replace(MeterRegistry registry, String name, T object, ToDoubleFunction<T> value,
                                    String description) {
        registry.find(name).meters().forEach(registry::remove);
        return Gauge.builder(name, object, value).description(description).strongReference(true).register(registry);
    }
}
