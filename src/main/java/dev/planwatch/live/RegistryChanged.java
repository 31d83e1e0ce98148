package dev.planwatch.live;

import dev.planwatch.plans.CatalogSnapshot;
import dev.planwatch.registry.RegistryView;

/** The registry's content or the liveness of one of its processes changed. */
public record RegistryChanged(RegistryView before, RegistryView after, CatalogSnapshot snapshot) {
}
