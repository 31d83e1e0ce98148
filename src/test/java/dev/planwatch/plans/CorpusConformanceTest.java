package dev.planwatch.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every file of the real corpus served through the API, its derived values checked against a
 * recount done here, independently of the service's code.
 */
@QuarkusTest
@TestProfile(CorpusProfile.class)
class CorpusConformanceTest {

    private static final Set<String> KNOWN = Set.of("completed", "pending", "in_progress", "failed", "skipped");
    private static final Pattern PHASE_HEADING = Pattern.compile("^##\\s+Phase\\s+\\d+", Pattern.MULTILINE);
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void requireCorpus() {
        assumeTrue(Files.isDirectory(CorpusProfile.CORPUS), "../shared/corpus is absent: corpus conformance skipped");
    }

    @Test
    void listHasExactlyThePlansOfTheCorpus() throws IOException {
        Set<String> expected = new TreeSet<>();
        for (Path md : list(CorpusProfile.CORPUS.resolve("docs/plans"), "*.md")) {
            if (PHASE_HEADING.matcher(Files.readString(md)).find()) {
                expected.add(md.getFileName().toString().replaceFirst("\\.md$", ""));
            }
        }
        for (Path status : statusFiles()) {
            expected.add(status.getParent().getFileName().toString());
        }
        JsonPath list = given().get("/api/plans").then().statusCode(200).extract().jsonPath();
        assertEquals(new ArrayList<>(expected), list.getList("data.name"));
        assertEquals(expected.size(), list.getInt("summary.totalPlans"));
    }

    @Test
    void everyStatusFileIsServedWithRecountedValues() throws IOException {
        List<Path> files = statusFiles();
        assertTrue(files.size() >= 50, "corpus has its status files: " + files.size());
        for (Path file : files) {
            String plan = file.getParent().getFileName().toString();
            JsonNode root = mapper.readTree(file.toFile());
            int total = 0;
            Map<String, Integer> counts = new java.util.HashMap<>();
            String firstInProgress = null;
            for (JsonNode task : root.path("tasks")) {
                total++;
                String status = task.path("status").asText("pending");
                String bucket = KNOWN.contains(status) ? status : "pending";
                counts.merge(bucket, 1, Integer::sum);
                if (bucket.equals("in_progress") && firstInProgress == null) {
                    firstInProgress = task.path("id").asText();
                }
            }
            int completed = counts.getOrDefault("completed", 0);
            int percentage = total == 0 ? 0 : (int) Math.round(completed * 100.0 / total);
            String expectedStatus = expectedStatus(total, counts);
            JsonPath detail = given().get("/api/plans/" + plan).then().statusCode(200).extract().jsonPath();
            String where = plan + ": ";
            assertEquals(total, detail.getInt("data.progress.total"), where + "total");
            for (String bucket : KNOWN) {
                assertEquals(counts.getOrDefault(bucket, 0).intValue(), detail.getInt("data.progress." + bucket), where + bucket);
            }
            assertEquals(percentage, detail.getInt("data.progress.percentage"), where + "percentage");
            assertEquals(expectedStatus, detail.getString("data.status"), where + "status");
            assertEquals(root.path("planName").asText(plan), detail.getString("data.title"), where + "title");
            assertEquals(firstInProgress, detail.getString("data.currentTask.id"), where + "current task");
            assertEquals(null, detail.getString("data.statusError"), where + "readable");
            int phaseTotal = detail.getList("data.phases.total", Integer.class).stream().mapToInt(Integer::intValue).sum();
            assertEquals(total, phaseTotal, where + "phases cover every task");
            assertEquals(total, given().get("/api/plans/" + plan + "/tasks").then().statusCode(200).extract().jsonPath().getList("data").size(), where + "tasks");
            assertEquals(root.path("runs").size(), given().get("/api/plans/" + plan + "/history").then().statusCode(200).extract().jsonPath().getList("data").size(), where + "runs");
        }
    }

    @Test
    void everyFindingIsListedAndResolvable() throws IOException {
        int resolved = 0;
        for (Path dir : list(CorpusProfile.CORPUS.resolve("docs/plan-outputs"), "*")) {
            Path findings = dir.resolve("findings");
            String plan = dir.getFileName().toString();
            if (!Files.isDirectory(findings) || given().get("/api/plans/" + plan).statusCode() != 200) {
                continue;
            }
            List<Path> files = list(findings, "*.md");
            JsonPath listed = given().get("/api/plans/" + plan + "/findings").then().statusCode(200).extract().jsonPath();
            assertEquals(files.size(), listed.getList("data").size(), plan + " findings listed");
            for (String taskId : listed.getList("data.taskId", String.class)) {
                given().get("/api/plans/" + plan + "/findings/" + taskId).then().statusCode(200);
                resolved++;
            }
        }
        assertTrue(resolved > 100, "findings resolved: " + resolved);
    }

    private static String expectedStatus(int total, Map<String, Integer> c) {
        int completed = c.getOrDefault("completed", 0);
        int inProgress = c.getOrDefault("in_progress", 0);
        if (total > 0 && completed == total) {
            return "completed";
        }
        if (c.getOrDefault("failed", 0) > 0 && c.getOrDefault("pending", 0) == 0 && inProgress == 0) {
            return "failed";
        }
        return completed > 0 || inProgress > 0 ? "in_progress" : "pending";
    }

    private static List<Path> statusFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : list(CorpusProfile.CORPUS.resolve("docs/plan-outputs"), "*")) {
            if (Files.isRegularFile(dir.resolve("status.json"))) {
                files.add(dir.resolve("status.json"));
            }
        }
        return files;
    }

    private static List<Path> list(Path dir, String glob) throws IOException {
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
            entries.forEach(result::add);
        }
        result.sort(null);
        return result;
    }
}
