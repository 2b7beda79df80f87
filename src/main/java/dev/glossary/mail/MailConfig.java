package dev.glossary.mail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Sending of subscription and issue mails (glossary.mail.*). */
@ConfigMapping(prefix = "glossary.mail")
public interface MailConfig {

    /** How often the confirmation sender runs ({@code off} disables it): every second, so a reader waits seconds. */
    @WithDefault("1S")
    String sendEvery();

    @WithDefault("50")
    int batchSize();

    /** Delay before the first retry, doubled after every failed attempt up to maxBackoff. */
    @WithDefault("10S")
    Duration initialBackoff();

    @WithDefault("1H")
    Duration maxBackoff();

    /** After this many failed attempts a mail is given up and logged. */
    @WithDefault("20")
    int maxAttempts();

    /** Reports (mail_report rows) older than this are deleted hourly, but for those an issue's figures count. */
    @WithDefault("90D")
    Duration reportRetention();

    /** Set (GLOSSARY_MAIL_BOUNCE_DOMAIN): every mail's envelope sender is bounces+{token}@ this domain (VERP). */
    Optional<String> bounceDomain();
}
