package dev.planwatch.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {

    @Test
    void writesLikePythonsJsonDumpWithIndent2() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String written = new String(Json.pythonStyle(mapper, mapper.readTree(
                "{\"instances\": [{\"id\": \"o1\", \"pid\": 42, \"port\": null, \"tags\": [], \"meta\": {}}], \"lastCleanup\": null}")),
                StandardCharsets.UTF_8);
        // What json.dump(data, f, indent=2) produces for the same document, plus the final newline.
        assertEquals("""
                {
                  "instances": [
                    {
                      "id": "o1",
                      "pid": 42,
                      "port": null,
                      "tags": [],
                      "meta": {}
                    }
                  ],
                  "lastCleanup": null
                }
                """, written);
    }
}
