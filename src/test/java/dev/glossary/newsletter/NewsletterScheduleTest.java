package dev.glossary.newsletter;

import static dev.glossary.newsletter.Issues.PROBLEM;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NewsletterScheduleTest {

    @Test
    void shouldShowTheWeeklySlotWithTheNextOne() {
        given().get("/newsletter").then().statusCode(200)
                .body("schedule.dayOfWeek", notNullValue())
                .body("schedule.time", notNullValue())
                .body("schedule.timeZone", notNullValue())
                .body("schedule.nextSlot", notNullValue());
    }

    @Test
    void shouldSetTheWeeklySlotInAnyIanaZone() {
        String nextSlot = put(Map.of("dayOfWeek", "TUESDAY", "time", "07:30", "timeZone", "America/New_York")).then()
                .statusCode(200)
                .body("dayOfWeek", equalTo("TUESDAY"))
                .body("time", equalTo("07:30"))
                .body("timeZone", equalTo("America/New_York"))
                .extract().path("nextSlot");

        var local = Instant.parse(nextSlot).atZone(ZoneId.of("America/New_York"));
        assertEquals("TUESDAY 07:30", local.getDayOfWeek() + " " + local.toLocalTime());
        asEditor().get("/newsletter").then().body("schedule.timeZone", equalTo("America/New_York"));
        put(Map.of("dayOfWeek", "FRIDAY", "time", "09:00", "timeZone", "UTC")).then().statusCode(200);
    }

    @Test
    void shouldRefuseAnUnknownTimeZone() {
        put(Map.of("dayOfWeek", "FRIDAY", "time", "09:00", "timeZone", "Mars/Olympus_Mons")).then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("timeZone"));
    }

    @Test
    void shouldRefuseAnUnknownDay() {
        put(Map.of("dayOfWeek", "FUNDAY", "time", "09:00", "timeZone", "UTC")).then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("dayOfWeek"));
    }

    @Test
    void shouldRefuseATimeOutOfRange() {
        put(Map.of("dayOfWeek", "FRIDAY", "time", "24:00", "timeZone", "UTC")).then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("time"));
    }

    @Test
    void shouldRefuseAMissingField() {
        put(Map.of("dayOfWeek", "FRIDAY", "time", "09:00")).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldAskAnonymousCallersForCredentials() {
        given().contentType(ContentType.JSON).body(Map.of("dayOfWeek", "FRIDAY", "time", "09:00", "timeZone", "UTC"))
                .put("/newsletter/schedule").then().statusCode(401).contentType(PROBLEM);
    }

    private static io.restassured.response.Response put(Map<String, String> body) {
        return asEditor().contentType(ContentType.JSON).body(body).put("/newsletter/schedule");
    }
}
