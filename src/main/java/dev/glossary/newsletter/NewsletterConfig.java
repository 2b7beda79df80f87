package dev.glossary.newsletter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Sending of issues (glossary.newsletter.*); the name and tagline are mail.Masthead's. */
@ConfigMapping(prefix = "glossary.newsletter")
public interface NewsletterConfig {

    /** Issue mails all replicas together send per second at most (GLOSSARY_NEWSLETTER_MAILS_PER_SECOND); 0 lifts the cap. */
    @WithDefault("50")
    int mailsPerSecond();

    /** How often each replica's issue sender looks for due mails ({@code off} disables it); read by the scheduler. */
    @WithDefault("1S")
    String sendEvery();

    /** Issue mails one claim takes at most. */
    @WithDefault("100")
    int batchSize();

    /**
     * SMTP transactions one replica runs at once for issues; kept below quarkus.mailer.max-pool-size
     * (10), so that subscription mails always find a connection.
     */
    @WithDefault("6")
    int concurrency();

    /** An issue mail still being sent this long after its claim belonged to a sender that died: given up, never resent. */
    @WithDefault("10M")
    Duration abandonedAfter();
}
