package dev.planwatch.config;

import dev.planwatch.PlanwatchMain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every key of the configuration mapping is in the usage text and in the README's table. */
class ConfigurationDocumentedTest {

    @Test
    void everyKeyIsDocumented() throws IOException {
        String usage = PlanwatchMain.usage();
        String readme = Files.readString(Path.of("README.md"));
        List<String> keys = new ArrayList<>();
        collect("planwatch", PlanwatchConfig.class, keys);
        assertTrue(keys.size() > 20, keys.toString());
        for (String key : keys) {
            String environment = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            assertTrue(usage.contains(key + " ") && usage.contains(environment), "usage lacks " + key);
            assertTrue(readme.contains("`" + key + "`") && readme.contains("`" + environment + "`"), "README lacks " + key);
        }
    }

    private static void collect(String prefix, Class<?> mapping, List<String> keys) {
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String key = prefix + "." + kebab(method.getName());
            if (method.getReturnType().isInterface() && method.getReturnType().getEnclosingClass() == PlanwatchConfig.class) {
                collect(key, method.getReturnType(), keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
