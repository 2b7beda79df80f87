package dev.glossary.mail;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.mailer.Mail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Names each mail we send, so that a bounce or complaint about it finds its way back: {@code i{issue}.{subscriber}.{mac}}
 * or {@code c{outbox mail}.{subscriber}.{mac}}, ids in base 36 and an 80-bit HMAC-SHA256 in hex. Lower case only
 * (some MTAs fold the local part) and at most 49 characters, so {@code bounces+token} fits a 64-character local part.
 */
@ApplicationScoped
public class MailTokens {

    /** Our own header carrying the token: complaint (ARF) reports return the original headers, rarely its envelope. */
    public static final String HEADER = "X-Glossary-Mail";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 10;
    private static final Pattern TOKEN = Pattern.compile("([ic])([0-9a-z]{1,13})\\.([0-9a-z]{1,13})\\.([0-9a-f]{20})");
    private static final String STORED_KEY = "SELECT secret FROM mail_token_key";

    /** What a token names; {@code reference} is the issue id for an issue mail, the outbox row for a confirmation. */
    public enum Kind { ISSUE, CONFIRMATION }

    public record Named(Kind kind, long reference, long subscriberId) {
    }

    @Inject MailConfig config;
    /** Loaded from the database on first use (every replica shares it), never at start-up. */
    private volatile SecretKeySpec key;
    /** One per thread, keyed once: getting and keying a Mac cost a bulk send more than the MAC itself. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** Adds the token header and, when a bounce domain is set, the VERP envelope sender. */
    public Mail stamp(Mail mail, Kind kind, long reference, long subscriberId) {
        return stamp(mail, token(kind, reference, subscriberId));
    }

    /** As {@link #stamp(Mail, Kind, long, long)}, with a token made by {@link #token}. */
    public Mail stamp(Mail mail, String token) {
        mail.addHeader(HEADER, token);
        config.bounceDomain().filter(domain -> !domain.isBlank())
                .ifPresent(domain -> mail.setBounceAddress("bounces+" + token + "@" + domain.strip()));
        return mail;
    }

    public String token(Kind kind, long reference, long subscriberId) {
        String payload = (kind == Kind.ISSUE ? "i" : "c") + Long.toString(reference, 36) + "." + Long.toString(subscriberId, 36);
        return payload + "." + HexFormat.of().formatHex(mac(payload));
    }

    /** The mail a token names; empty when it is malformed or its signature does not match (forged). */
    public Optional<Named> verify(String candidate) {
        Matcher match = TOKEN.matcher(candidate.toLowerCase(Locale.ROOT));
        if (!match.matches()) {
            return Optional.empty();
        }
        String payload = match.group(1) + match.group(2) + "." + match.group(3);
        if (!MessageDigest.isEqual(mac(payload), HexFormat.of().parseHex(match.group(4)))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Named(match.group(1).equals("i") ? Kind.ISSUE : Kind.CONFIRMATION,
                    Long.parseLong(match.group(2), 36), Long.parseLong(match.group(3), 36)));
        } catch (NumberFormatException overflow) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        byte[] full = macs.get().doFinal(payload.getBytes(StandardCharsets.US_ASCII)); // doFinal leaves it ready for the next
        byte[] truncated = new byte[MAC_BYTES];
        System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
        return truncated;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key());
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec loaded = key;
        if (loaded == null) {
            byte[] secret = QuarkusTransaction.requiringNew().call(() ->
                    (byte[]) Panache.getEntityManager().createNativeQuery(STORED_KEY).getSingleResult());
            loaded = new SecretKeySpec(secret, ALGORITHM);
            key = loaded;
        }
        return loaded;
    }
}
