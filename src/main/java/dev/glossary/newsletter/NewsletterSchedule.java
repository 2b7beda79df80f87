package dev.glossary.newsletter;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The weekly slot: stored once an editor sets it (one row, migration V15), the configured default until then. */
@ApplicationScoped
@Transactional
public class NewsletterSchedule {

    private static final String STORED = "SELECT day_of_week, to_char(send_time, 'HH24:MI'), time_zone FROM newsletter_schedule";
    private static final String STORE = """
            INSERT INTO newsletter_schedule (day_of_week, send_time, time_zone) VALUES (:day, CAST(:time AS time), :zone)
            ON CONFLICT (singleton) DO UPDATE
            SET day_of_week = EXCLUDED.day_of_week, send_time = EXCLUDED.send_time, time_zone = EXCLUDED.time_zone,
                updated_at = now()
            """;

    @Schema(name = "ScheduleRequest", description = "The weekly slot")
    public record ScheduleRequest(
            @Schema(required = true, enumeration = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"},
                    example = "FRIDAY") @NotNull String dayOfWeek,
            @Schema(required = true, pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "09:00") @NotNull String time,
            @Schema(required = true, description = "An IANA time zone", example = "Europe/Berlin") @NotNull String timeZone) {
    }

    @Schema(name = "Schedule", description = "The weekly slot issues are scheduled at by default")
    public record ScheduleResponse(
            @Schema(enumeration = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"},
                    example = "FRIDAY") String dayOfWeek,
            @Schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "09:00") String time,
            @Schema(example = "UTC") String timeZone,
            @Schema(description = "The next slot after now, daylight saving applied", example = "2026-12-11T09:00:00Z")
            Instant nextSlot) {
        static ScheduleResponse of(WeeklySlot slot, Instant now) {
            return new ScheduleResponse(slot.dayOfWeek().name(), slot.formattedTime(), slot.timeZone().getId(),
                    slot.nextAfter(now));
        }
    }

    @Inject EntityManager entityManager;
    @Inject NewsletterConfig config;

    /** A configured slot that does not parse stops the service at start-up, naming the variable. */
    void checkDefault(@Observes StartupEvent started) {
        try {
            configured();
        } catch (RuntimeException e) {
            throw new IllegalStateException("GLOSSARY_NEWSLETTER_SEND_DAY, _SEND_TIME or _TIME_ZONE is invalid: "
                    + e.getMessage(), e);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public WeeklySlot current() {
        List<?> rows = entityManager.createNativeQuery(STORED).getResultList();
        return rows.stream().map(Object[].class::cast).findFirst().map(row -> WeeklySlot.parse((String) row[0], (String) row[1], (String) row[2]))
                .orElseGet(this::configured);
    }

    public ScheduleResponse set(ScheduleRequest request) {
        WeeklySlot slot = WeeklySlot.parse(request.dayOfWeek(), request.time(), request.timeZone());
        entityManager.createNativeQuery(STORE).setParameter("day", slot.dayOfWeek().name())
                .setParameter("time", slot.formattedTime()).setParameter("zone", slot.timeZone().getId()).executeUpdate();
        return ScheduleResponse.of(slot, Instant.now());
    }

    private WeeklySlot configured() {
        return WeeklySlot.parse(config.sendDay(), config.sendTime(), config.timeZone());
    }
}
