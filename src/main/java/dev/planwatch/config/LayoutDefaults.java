package dev.planwatch.config;

/**
 * The orchestrator's own defaults for where plans and their outputs live, relative to the
 * workspace: the configuration's defaults, and what a program running without the configuration
 * (the demo orchestrator) falls back to.
 */
public final class LayoutDefaults {

    public static final String PLANS_DIR = "docs/plans";
    public static final String OUTPUTS_DIR = "docs/plan-outputs";

    private LayoutDefaults() {
    }
}
