package dev.glossary.newsletter;

import dev.glossary.web.ProblemException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;

/** The newsletter's weekly slot: a day and a wall-clock time in a zone, so it follows daylight saving. */
public record WeeklySlot(DayOfWeek dayOfWeek, LocalTime time, ZoneId timeZone) {

    static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");

    /**
     * The first slot strictly after {@code now}. A time that a spring-forward gap skips moves on by the gap's
     * length (02:30 becomes 03:30); a time that a fall-back overlap repeats is its first occurrence.
     */
    public Instant nextAfter(Instant now) {
        LocalDate date = now.atZone(timeZone).toLocalDate().with(TemporalAdjusters.nextOrSame(dayOfWeek));
        while (true) {
            Instant slot = ZonedDateTime.of(date, time, timeZone).toInstant();
            if (slot.isAfter(now)) {
                return slot;
            }
            date = date.plusWeeks(1);
        }
    }

    String formattedTime() {
        return time.format(HOURS_MINUTES);
    }

    /** From an editor's or the configuration's words; a bad one is a 400 naming the field. */
    static WeeklySlot parse(String day, String time, String zone) {
        return new WeeklySlot(day(day), time(time), zone(zone));
    }

    private static DayOfWeek day(String day) {
        try {
            return DayOfWeek.valueOf(day);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("dayOfWeek", "must be a day of the week, MONDAY to SUNDAY");
        }
    }

    private static LocalTime time(String time) {
        if (!time.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            throw ProblemException.invalidField("time", "must be a time of day as HH:mm, 00:00 to 23:59");
        }
        return LocalTime.parse(time, HOURS_MINUTES);
    }

    /** Region ids of the IANA database (and UTC), not bare offsets: a slot in an offset would not follow daylight saving. */
    private static ZoneId zone(String zone) {
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            throw ProblemException.invalidField("timeZone", "must be an IANA time zone such as Europe/Berlin or UTC");
        }
        return ZoneId.of(zone);
    }
}
