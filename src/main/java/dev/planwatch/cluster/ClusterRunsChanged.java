package dev.planwatch.cluster;

import java.util.List;

/** Every run in the cluster as the informers now see them (a snapshot, in no order), fired when one of them changed. */
public record ClusterRunsChanged(List<ClusterRun> runs) {
}
