package dev.glossary.newsletter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Sending of issues (glossary.newsletter.*); the name and tagline are mail.Masthead's. */
@ConfigMapping(prefix = "glossary.newsletter")
public interface NewsletterConfig {

    /** Issue mails all replicas together send per second at most; 0 lifts the cap. */
    @WithDefault("50")
    int mailsPerSecond();

    /** How often each replica's issue sender runs ({@code off} disables it). */
    @WithDefault("1S")
    String sendEvery();

    @WithDefault("100")
    int batchSize();

    /** SMTP transactions at once per replica; below quarkus.mailer.max-pool-size (10), so confirmations find a connection. */
    @WithDefault("6")
    int concurrency();

    /**
     * The lease of a claimed issue mail: still 'sending' this long after its claim, its sender died,
     * and it is sent again. Longer than quarkus.mailer.timeout: no send starts later than the lease
     * less that timeout.
     */
    @WithDefault("2M")
    Duration abandonedAfter();

    /** How long a send's outcome may wait to be recorded together with others (one transaction each time). */
    @WithDefault("50MS")
    Duration recordEvery();

    /** How often each replica looks for scheduled issues that are due ({@code off} disables it). */
    @WithDefault("1S")
    String publishEvery();

    /** The weekly slot's day until an editor sets one (PUT /newsletter/schedule), MONDAY to SUNDAY. */
    @WithDefault("FRIDAY")
    String sendDay();

    /** The weekly slot's time of day, HH:mm, until an editor sets one. */
    @WithDefault("09:00")
    String sendTime();

    /** The weekly slot's IANA time zone, whose daylight saving it follows, until an editor sets one. */
    @WithDefault("UTC")
    String timeZone();
}
