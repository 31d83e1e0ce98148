package dev.planwatch.plans;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Tasks grouped by their phase string; {@code number} from {@code Phase N} or a bare number, else 0. */
@RegisterForReflection
public record Phase(int number, String name, int total, int completed, int percentage) {
}
