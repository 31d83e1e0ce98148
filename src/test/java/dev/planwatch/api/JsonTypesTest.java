package dev.planwatch.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native binary serialises only what is registered for reflection: every response and message
 * record (nested in a {@code *Responses} or {@code LiveMessages} class) and every request record
 * must be listed in {@link JsonTypes}. ({@link JsonResponses.Rendered} holds already rendered bytes.)
 */
class JsonTypesTest {

    @Test
    void everyWireRecordIsRegisteredForReflection() throws IOException, ClassNotFoundException {
        Set<Class<?>> registered = Set.of(JsonTypes.class.getAnnotation(RegisterForReflection.class).targets());
        Path classes = Path.of("target/classes");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(classes.resolve("dev/planwatch"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                boolean wire = type.isRecord() && (type.getSimpleName().endsWith("Request")
                        || (type.getEnclosingClass() != null && type.getEnclosingClass() != JsonResponses.class
                        && (type.getEnclosingClass().getSimpleName().endsWith("Responses")
                        || type.getEnclosingClass().getSimpleName().equals("LiveMessages"))));
                if (wire) {
                    checked++;
                    if (!registered.contains(type)) {
                        missing.add(type.getName());
                    }
                }
            }
        }
        assertTrue(checked > 30, "found the wire records: " + checked);
        assertTrue(missing.isEmpty(), "not registered in JsonTypes: " + missing);
    }
}
