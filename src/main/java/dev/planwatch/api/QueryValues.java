package dev.planwatch.api;

import java.util.List;
import java.util.Optional;

/** Strict reading of query parameters: a bad value is a 400 naming the parameter, never a default. */
public final class QueryValues {

    private QueryValues() {
    }

    /** A whole number in {@code [min, max]}; {@code fallback} when absent or blank. */
    public static int boundedInt(String parameter, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid(parameter + " must be a whole number from " + min + " to " + max, parameter);
    }

    /** A parameter given at most once; empty when absent. */
    public static Optional<String> single(String parameter, List<String> values) {
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ApiException.invalid(parameter + " may be given once", parameter);
        }
        return Optional.of(values.get(0));
    }
}
