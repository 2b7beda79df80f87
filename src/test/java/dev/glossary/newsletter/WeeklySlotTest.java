package dev.glossary.newsletter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WeeklySlotTest {

    static final WeeklySlot FRIDAY_0900_BERLIN = new WeeklySlot(DayOfWeek.FRIDAY, LocalTime.of(9, 0), ZoneId.of("Europe/Berlin"));

    @Test
    void shouldKeepTheLocalTimeAcrossTheSpringChangeInBerlin() {
        // Summer time starts on Sunday 2026-03-29: 09:00 is 08:00Z before it and 07:00Z after it.
        assertEquals(Instant.parse("2026-03-27T08:00:00Z"), FRIDAY_0900_BERLIN.nextAfter(Instant.parse("2026-03-25T00:00:00Z")));
        assertEquals(Instant.parse("2026-04-03T07:00:00Z"), FRIDAY_0900_BERLIN.nextAfter(Instant.parse("2026-03-27T08:00:00Z")));
    }

    @Test
    void shouldKeepTheLocalTimeAcrossTheAutumnChangeInBerlin() {
        // Summer time ends on Sunday 2026-10-25.
        assertEquals(Instant.parse("2026-10-30T08:00:00Z"), FRIDAY_0900_BERLIN.nextAfter(Instant.parse("2026-10-23T07:00:00Z")));
    }

    @Test
    void shouldKeepTheLocalTimeAcrossTheSpringChangeInNewYork() {
        WeeklySlot sunday = new WeeklySlot(DayOfWeek.SUNDAY, LocalTime.of(9, 0), ZoneId.of("America/New_York"));
        // Daylight time starts on Sunday 2026-03-08 at 02:00: that very morning 09:00 is already 13:00Z.
        assertEquals(Instant.parse("2026-03-01T14:00:00Z"), sunday.nextAfter(Instant.parse("2026-02-28T00:00:00Z")));
        assertEquals(Instant.parse("2026-03-08T13:00:00Z"), sunday.nextAfter(Instant.parse("2026-03-01T14:00:00Z")));
    }

    @Test
    void shouldMoveATimeInTheSpringGapOnByTheGap() {
        WeeklySlot halfPastTwo = new WeeklySlot(DayOfWeek.SUNDAY, LocalTime.of(2, 30), ZoneId.of("Europe/Berlin"));
        // 02:30 does not exist on 2026-03-29 in Berlin; it becomes 03:30 CEST, 01:30Z.
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), halfPastTwo.nextAfter(Instant.parse("2026-03-28T00:00:00Z")));
    }

    @Test
    void shouldTakeTheFirstOfATimeTheAutumnOverlapRepeats() {
        WeeklySlot halfPastTwo = new WeeklySlot(DayOfWeek.SUNDAY, LocalTime.of(2, 30), ZoneId.of("Europe/Berlin"));
        // 02:30 happens twice on 2026-10-25 in Berlin: 00:30Z (CEST) and 01:30Z (CET); the slot is the first, once.
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), halfPastTwo.nextAfter(Instant.parse("2026-10-24T00:00:00Z")));
        assertEquals(Instant.parse("2026-11-01T01:30:00Z"), halfPastTwo.nextAfter(Instant.parse("2026-10-25T00:30:00Z")));
    }

    @Test
    void shouldTakeTodaysSlotWhenItIsStillAhead() {
        WeeklySlot fridayUtc = new WeeklySlot(DayOfWeek.FRIDAY, LocalTime.of(9, 0), ZoneId.of("UTC"));
        assertEquals(Instant.parse("2026-12-11T09:00:00Z"), fridayUtc.nextAfter(Instant.parse("2026-12-11T08:59:59Z")));
        assertEquals(Instant.parse("2026-12-18T09:00:00Z"), fridayUtc.nextAfter(Instant.parse("2026-12-11T09:00:00Z")));
    }
}
