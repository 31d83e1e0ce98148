package dev.planwatch.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native binary serialises only what is registered for reflection. Each feature registers its
 * own wire records with {@code @RegisterForReflection} on the record. The wire records are the
 * request records, the response and message records (nested in a {@code *Responses} class or
 * {@code LiveMessages}, or named {@code *Event}), and every record reachable from them through
 * their components, lists and maps included.
 */
class JsonTypesTest {

    @Test
    void everyWireRecordIsRegisteredForReflection() throws IOException, ClassNotFoundException {
        Deque<Class<?>> toVisit = new ArrayDeque<>(roots());
        Set<Class<?>> wire = new LinkedHashSet<>();
        while (!toVisit.isEmpty()) {
            Class<?> type = toVisit.pop();
            if (!type.isRecord() || !type.getName().startsWith("dev.planwatch.") || !wire.add(type)) {
                continue;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                collect(component.getGenericType(), toVisit);
            }
        }
        Set<String> missing = new TreeSet<>();
        for (Class<?> type : wire) {
            if (!type.isAnnotationPresent(RegisterForReflection.class)) {
                missing.add(type.getName());
            }
        }
        assertTrue(wire.size() > 50, "found the wire records: " + wire.size());
        assertTrue(missing.isEmpty(), "wire records without @RegisterForReflection: " + missing);
    }

    private static void collect(Type type, Deque<Class<?>> into) {
        if (type instanceof Class<?> plain) {
            into.push(plain.isArray() ? plain.getComponentType() : plain);
        } else if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, into);
            }
        }
    }

    private List<Class<?>> roots() throws IOException, ClassNotFoundException {
        Path classes = Path.of("target/classes");
        List<Class<?>> roots = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/planwatch"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                Class<?> enclosing = type.getEnclosingClass();
                boolean root = type.isRecord() && (type.getSimpleName().endsWith("Request") || type.getSimpleName().endsWith("Event")
                        || type == ErrorBody.class
                        || (enclosing != null && enclosing != JsonResponses.class
                        && (enclosing.getSimpleName().endsWith("Responses") || enclosing.getSimpleName().equals("LiveMessages"))));
                if (root) {
                    roots.add(type);
                }
            }
        }
        return roots;
    }
}
