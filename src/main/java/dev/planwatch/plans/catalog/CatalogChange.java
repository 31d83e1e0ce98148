package dev.planwatch.plans.catalog;

import java.util.Set;

/** What one catalog refresh changed: the plans added, removed or altered, and whether the registry view moved. */
public record CatalogChange(CatalogSnapshot before, CatalogSnapshot after, Set<String> changedPlans, boolean registryChanged) {

    public boolean isEmpty() {
        return changedPlans.isEmpty() && !registryChanged;
    }
}
