package dev.planwatch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Job template's merge: maps key by key, lists of named objects element by name (new names
 * appended, in the overlay's order), any other list or value replaced whole; the inputs are left as
 * they were.
 */
class PlanJobsTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static void assertMerge(String expected, String base, String overlay) {
        JsonNode baseNode = json(base);
        JsonNode overlayNode = json(overlay);
        assertEquals(json(expected), PlanJobs.merge(baseNode, overlayNode));
        assertEquals(json(base), baseNode, "the base is not changed");
        assertEquals(json(overlay), overlayNode, "the overlay is not changed");
    }

    @Test
    void mapsMergeKeyByKeyAtEveryDepth() {
        assertMerge("{'a': 1, 'b': {'c': 2, 'd': 30, 'e': 4}, 'f': 5}",
                "{'a': 1, 'b': {'c': 2, 'd': 3}}",
                "{'b': {'d': 30, 'e': 4}, 'f': 5}");
    }

    @Test
    void namedListsMergeByNameAndAppendNewNames() {
        assertMerge("{'containers': ["
                        + "{'name': 'orchestrator', 'image': 'mine', 'command': ['sh'], 'resources': {'limits': {'memory': '4Gi'}}},"
                        + "{'name': 'helper', 'image': 'h'}]}",
                "{'containers': [{'name': 'orchestrator', 'image': 'default', 'command': ['sh']}]}",
                "{'containers': [{'name': 'helper', 'image': 'h'},"
                        + "{'name': 'orchestrator', 'image': 'mine', 'resources': {'limits': {'memory': '4Gi'}}}]}");
        // Nested named lists too: an environment variable by name, the new one after planwatch's.
        assertMerge("{'env': [{'name': 'A', 'value': '1'}, {'name': 'B', 'value': '20'}, {'name': 'C', 'value': '3'}]}",
                "{'env': [{'name': 'A', 'value': '1'}, {'name': 'B', 'value': '2'}]}",
                "{'env': [{'name': 'C', 'value': '3'}, {'name': 'B', 'value': '20'}]}");
    }

    @Test
    void otherListsAndValuesAreReplaced() {
        // Tolerations have no names: the overlay's list is the list.
        assertMerge("{'tolerations': [{'key': 'b', 'operator': 'Exists'}]}",
                "{'tolerations': [{'key': 'a', 'operator': 'Exists'}]}",
                "{'tolerations': [{'key': 'b', 'operator': 'Exists'}]}");
        assertMerge("{'command': ['python3', 'x.py']}", "{'command': ['sh', '-c', 'script']}", "{'command': ['python3', 'x.py']}");
        // A list only partly of named objects is not merged by name.
        assertMerge("{'items': [{'name': 'a', 'v': 2}, 'b']}", "{'items': [{'name': 'a', 'v': 1}]}", "{'items': [{'name': 'a', 'v': 2}, 'b']}");
        assertMerge("{'a': 'text'}", "{'a': {'b': 1}}", "{'a': 'text'}");
        assertMerge("{'a': {'b': 1}}", "{'a': 'text'}", "{'a': {'b': 1}}");
        assertMerge("{'a': null}", "{'a': 1}", "{'a': null}");
        // An empty list names nothing: it cannot take planwatch's elements away.
        assertMerge("{'a': [{'name': 'x'}]}", "{'a': [{'name': 'x'}]}", "{'a': []}");
    }
}
