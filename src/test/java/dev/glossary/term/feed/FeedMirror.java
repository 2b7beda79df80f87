package dev.glossary.term.feed;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a partner runs to keep a copy of the glossary from the change feed alone: read it from the
 * start once, then follow the cursor. Terms are kept by their immutable id, as the feed gives them.
 */
final class FeedMirror {

    private final Map<String, Map<String, Object>> termsById = new HashMap<>();
    private String cursor;

    /** Reads every change committed since the last poll; answers how many it applied. */
    int poll() {
        int applied = 0;
        boolean more = true;
        while (more) {
            RequestSpecification request = given().queryParam("limit", 1000);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/changes").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> changes = page.getList("changes");
            for (Map<String, Object> change : changes) {
                String id = (String) change.get("id");
                if ("deleted".equals(change.get("type"))) {
                    termsById.remove(id);
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> term = (Map<String, Object>) change.get("term");
                    termsById.put(id, term);
                }
                applied++;
            }
            cursor = page.getString("nextCursor");
            more = page.getBoolean("hasMore");
        }
        return applied;
    }

    /** The copy, by slug. */
    Map<String, Map<String, Object>> termsBySlug() {
        Map<String, Map<String, Object>> bySlug = new HashMap<>();
        termsById.values().forEach(term -> bySlug.put((String) term.get("slug"), term));
        return bySlug;
    }
}
