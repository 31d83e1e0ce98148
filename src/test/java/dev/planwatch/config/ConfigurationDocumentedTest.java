package dev.planwatch.config;

import dev.planwatch.PlanwatchMain;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every key of the configuration mapping is in the usage text and in the README's table, with its default. */
class ConfigurationDocumentedTest {

    @Test
    void everyKeyIsDocumented() throws IOException {
        String usage = PlanwatchMain.usage();
        String readme = Files.readString(Path.of("README.md"));
        Map<String, String> keys = new LinkedHashMap<>();
        collect("planwatch", PlanwatchConfig.class, keys);
        assertTrue(keys.size() > 20, keys.toString());
        int defaults = 0;
        for (Map.Entry<String, String> entry : keys.entrySet()) {
            String key = entry.getKey();
            String environment = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            assertTrue(usage.contains(key + " ") && usage.contains(environment), "usage lacks " + key);
            assertTrue(readme.contains("`" + key + "`") && readme.contains("`" + environment + "`"), "README lacks " + key);
            if (entry.getValue() != null) {
                defaults++;
                String usageLine = line(usage, key + " ");
                String readmeRow = line(readme, "| `" + key + "`");
                assertTrue(usageLine.contains(" " + entry.getValue()), "usage gives another default for " + key + ": " + usageLine);
                assertTrue(readmeRow.contains("`" + entry.getValue() + "`"), "README gives another default for " + key + ": " + readmeRow);
            }
        }
        assertTrue(defaults > 15, "checked the defaults: " + defaults);
    }

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.strip().startsWith(start.strip())).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + start));
    }

    /** Collects each key with its {@code @WithDefault} value (null when it has none). */
    private static void collect(String prefix, Class<?> mapping, Map<String, String> keys) {
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName named = method.getAnnotation(WithName.class);
            String key = prefix + "." + (named != null ? named.value() : kebab(method.getName()));
            if (method.getReturnType().isInterface() && method.getReturnType().getEnclosingClass() == PlanwatchConfig.class) {
                collect(key, method.getReturnType(), keys);
            } else {
                WithDefault value = method.getAnnotation(WithDefault.class);
                keys.put(key, value == null ? null : value.value());
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
