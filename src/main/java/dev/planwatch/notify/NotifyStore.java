package dev.planwatch.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The notifier's files in planwatch's state directory: {@code notify/deliveries/<id>.json}, one
 * per delivery (the outbox, with the recent finished ones), and {@code notify/notified.json}, what
 * was last told of each plan. Every write is atomic and forced to disk ({@link StateFiles}). With
 * no directory (no channel leaves planwatch) nothing is written and nothing is remembered.
 */
final class NotifyStore {

    private static final Logger LOG = Logger.getLogger(NotifyStore.class);
    private static final String SUFFIX = ".json";

    private final Path deliveries;
    private final Path notified;
    private final ObjectMapper mapper;

    NotifyStore(Path stateDir, ObjectMapper mapper) {
        this.deliveries = stateDir == null ? null : stateDir.resolve("notify").resolve("deliveries");
        this.notified = stateDir == null ? null : stateDir.resolve("notify").resolve("notified.json");
        this.mapper = mapper;
    }

    boolean durable() {
        return deliveries != null;
    }

    /** Every delivery on disk; a file that does not parse (written by hand, say) is set aside as {@code .bad}. */
    List<Delivery> loadDeliveries() {
        List<Delivery> loaded = new ArrayList<>();
        if (deliveries == null || !Files.isDirectory(deliveries)) {
            return loaded;
        }
        try (Stream<Path> files = Files.list(deliveries)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(SUFFIX) || name.startsWith(".")) {
                    continue;
                }
                try {
                    loaded.add(mapper.readValue(file.toFile(), Delivery.class));
                } catch (IOException e) {
                    LOG.warnf("Notification outbox: %s does not parse (%s); set aside as %s.bad", file, e.getMessage(), name);
                    Files.move(file, file.resolveSibling(name + ".bad"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the notification outbox " + deliveries, e);
        }
        return loaded;
    }

    void save(Delivery delivery) {
        if (deliveries == null) {
            return;
        }
        try {
            StateFiles.writeAtomically(deliveries.resolve(delivery.id() + SUFFIX), mapper.writeValueAsBytes(delivery));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the notification outbox " + deliveries, e);
        }
    }

    void delete(String deliveryId) {
        if (deliveries == null) {
            return;
        }
        try {
            Files.deleteIfExists(deliveries.resolve(deliveryId + SUFFIX));
        } catch (IOException e) {
            LOG.warnf("Cannot prune the delivery %s: %s", deliveryId, e.getMessage());
        }
    }

    /** What was told of each plan; empty when planwatch never recorded it (its first start here). */
    Optional<Map<String, NotifiedPlan>> loadNotified() {
        if (notified == null || !Files.exists(notified)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TreeMap<>(mapper.readValue(notified.toFile(), new TypeReference<Map<String, NotifiedPlan>>() {
            })));
        } catch (IOException e) {
            // Its writes are atomic, so this is a file edited by hand: start over as on a first start.
            LOG.warnf("%s does not parse (%s): every plan is recorded again as it is now", notified, e.getMessage());
            return Optional.empty();
        }
    }

    void saveNotified(Map<String, NotifiedPlan> plans) {
        if (notified == null) {
            return;
        }
        try {
            StateFiles.writeAtomically(notified, mapper.writeValueAsBytes(new TreeMap<>(plans)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + notified, e);
        }
    }
}
