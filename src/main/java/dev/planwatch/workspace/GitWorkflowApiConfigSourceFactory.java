package dev.planwatch.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Honours {@code api.host} and {@code api.port} of the workspace's {@code .claude/git-workflow.json},
 * as the original server did: above planwatch's built-in defaults, below environment variables and
 * system properties (ordinal {@value #ORDINAL}). An unreadable file contributes nothing.
 */
public class GitWorkflowApiConfigSourceFactory implements ConfigSourceFactory {

    /** Between application.properties (250) and environment variables (300). */
    static final int ORDINAL = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue workspace = context.getValue("planwatch.workspace");
        Path root = Workspace.locate(Optional.ofNullable(workspace == null ? null : workspace.getValue()));
        return List.of(new PropertiesConfigSource(apiProperties(root), ".claude/git-workflow.json api", ORDINAL));
    }

    static Map<String, String> apiProperties(Path root) {
        Map<String, String> properties = new HashMap<>();
        Path file = root.resolve(".claude/git-workflow.json");
        if (!Files.isRegularFile(file)) {
            return properties;
        }
        try {
            GitWorkflow workflow = GitWorkflowReader.parse(new ObjectMapper().readTree(file.toFile()));
            if (workflow.apiHost() != null && !workflow.apiHost().isBlank()) {
                properties.put("quarkus.http.host", workflow.apiHost());
            }
            if (workflow.apiPort() != null) {
                properties.put("quarkus.http.port", workflow.apiPort().toString());
            }
        } catch (IOException | RuntimeException e) {
            // Served as unreadable by the workspace readers; the built-in defaults apply.
        }
        return properties;
    }
}
