package dev.glossary.common;

import dev.glossary.config.GlossaryConfig;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Opaque, tamper-proof cursors: {@code base64url(payload) "." base64url(HMAC-SHA256)} (docs/architecture/web.md). */
@ApplicationScoped
public class CursorSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private static final String STORED_KEY = "SELECT secret FROM listing_cursor_key";

    private final EntityManager entityManager;
    private final Pool pool;
    /** The configured key, else loaded on first use (not at start-up: the service starts while the database is down). */
    private volatile SecretKeySpec key;
    /** A Mac per thread, keyed once: looking one up costs more than the HMAC of a cursor. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    CursorSigner(GlossaryConfig config, EntityManager entityManager, Pool pool) {
        this.key = config.listing().cursorKey().filter(value -> !value.isBlank())
                .map(value -> new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), ALGORITHM)).orElse(null);
        this.entityManager = entityManager;
        this.pool = pool;
    }

    /** Completes once the key is at hand, without blocking: for callers on the I/O thread. */
    public CompletionStage<Void> keyLoaded() {
        if (key != null) {
            return CompletableFuture.completedFuture(null);
        }
        return pool.query(STORED_KEY).execute().map(rows -> {
            key = new SecretKeySpec(rows.iterator().next().getBuffer(0).getBytes(), ALGORITHM);
            return (Void) null;
        }).toCompletionStage();
    }

    public String sign(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(macs.get().doFinal(bytes));
    }

    public Optional<String> verify(String cursor) {
        int dot = cursor.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            byte[] payload = DECODER.decode(cursor.substring(0, dot));
            byte[] signature = DECODER.decode(cursor.substring(dot + 1));
            return MessageDigest.isEqual(signature, macs.get().doFinal(payload))
                    ? Optional.of(new String(payload, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            if (key == null) {
                key = new SecretKeySpec((byte[]) entityManager.createNativeQuery(STORED_KEY).getSingleResult(), ALGORITHM);
            }
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
