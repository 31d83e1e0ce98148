package dev.planwatch.registry;

import java.util.List;

/** The registry as last parsed, with the parse problem of its current version if any. */
public record RegistrySnapshot(List<RegistryEntry> entries, String error) {

    public static final RegistrySnapshot EMPTY = new RegistrySnapshot(List.of(), null);
}
