package dev.planwatch.notify;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th retry waits a random time between half and all of
 * {@code initial × 2^(n-1)}, capped at {@code max}, so receivers coming back from an outage are
 * not hit by every sender at the same instant. A delivery is given up after {@code maxAttempts}.
 */
record RetryPolicy(int maxAttempts, Duration initial, Duration max) {

    RetryPolicy {
        maxAttempts = Math.max(1, maxAttempts);
    }

    /** The wait before the next attempt, after {@code attempts} attempts failed. */
    Duration delayAfter(int attempts) {
        long initialMillis = Math.max(1, initial.toMillis());
        int doublings = Math.min(Math.max(0, attempts - 1), 30);
        long full = Math.min(max.toMillis(), initialMillis << doublings);
        long half = full / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
    }

    boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }
}
