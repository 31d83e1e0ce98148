package dev.planwatch.plans;

import dev.planwatch.testing.FixtureWorkspace;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;

@QuarkusTest
@WithTestResource(value = FixtureWorkspace.class, scope = TestResourceScope.MATCHING_RESOURCES)
class FindingsTest {

    private static final String DIR = "docs/plan-outputs/findings-mix/findings/";

    @Test
    void listsMarkdownFindingsSortedWithTheirTasks() {
        given().get("/api/plans/findings-mix/findings").then().statusCode(200)
                .body("data.file", contains(DIR + "1-2.md", DIR + "1.1-analysis.md", DIR + "1.1.md",
                        DIR + "13-integration-tests.md", DIR + "2-3-outdated-docs.md", DIR + "2.4-results.md",
                        DIR + "9.1-9.5.md", DIR + "V1-summary.md", DIR + "executive-summary.md", DIR + "special-report.md"))
                .body("data.taskId", contains("1.2", "1.1", "1.1", "13", "2.3", "2.4", "9.1", "V1", "executive-summary", "5.1"))
                .body("data.sizeBytes", everyItem(greaterThan(0)))
                .body("data.lastModified[0]", org.hamcrest.Matchers.matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    @Test
    void planWithoutFindingsListsNothing() {
        given().get("/api/plans/done/findings").then().statusCode(200).body("data.size()", equalTo(0));
    }

    @ParameterizedTest
    @CsvSource({
            "1.1, 1.1.md, # 1.1 exact",
            "1.2, 1-2.md, # 1-2",
            "2.3, 2-3-outdated-docs.md, # 2-3 slug",
            "2.4, 2.4-results.md, # 2.4 slug",
            "13, 13-integration-tests.md, # 13",
            "9.1, 9.1-9.5.md, # range",
            "V1, V1-summary.md, # V1",
            "5.1, special-report.md, # special",
            "executive-summary, executive-summary.md, # executive"})
    void resolvesTaskIdsFuzzily(String taskId, String file, String firstLine) {
        given().get("/api/plans/findings-mix/findings/" + taskId).then().statusCode(200)
                .body("data.plan", equalTo("findings-mix"))
                .body("data.taskId", equalTo(taskId))
                .body("data.file", equalTo(DIR + file))
                .body("data.content", org.hamcrest.Matchers.startsWith(firstLine))
                .body("data.truncated", equalTo(false));
    }

    @Test
    void missingFindingIs404() {
        given().get("/api/plans/findings-mix/findings/6.1").then().statusCode(404)
                .body("code", equalTo("FINDING_NOT_FOUND"))
                .body("details.taskId", equalTo("6.1"));
        given().get("/api/plans/findings-mix/findings/notes").then().statusCode(404)
                .body("code", equalTo("FINDING_NOT_FOUND"));
    }
}
