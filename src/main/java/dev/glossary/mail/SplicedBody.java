package dev.glossary.mail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A message body as DATA carries it (MIME parts, CRLF lines, dot-stuffed, the closing dot), laid out
 * once for many mails that differ only in one token, with the place of each of the token's characters.
 * A mail's body is then a copy with its token written over the stand-in's: encoding the parts for each
 * reader (quoted-printable, layout, dot-stuffing) was a third of a bulk send's CPU and much of what the
 * JIT compiled during it (bench/README.md, issue 24).
 *
 * <p>That is exact only when the token's characters encode as the stand-in's did: one byte each,
 * themselves, in quoted-printable and 7bit alike. So a token must be as long as the stand-in and made
 * of letters, digits, '.', '-' and '_' (base64url and the signed names of {@link MailTokens}), and a
 * '.' may not fall where the stand-in's character began a line (a soft line break before it), since it
 * would be stuffed there. {@link #fits} says whether a token can be spliced; the caller encodes the
 * others as before.
 */
final class SplicedBody {

    private static final byte[] SOFT_BREAK = "=\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String boundary;
    private final byte[] body;
    /** Offsets in {@link #body} of the stand-in's characters, one occurrence after another. */
    private final int[] places;
    private final int tokenLength;
    /** Indexes in the token where some occurrence starts a line. */
    private final boolean[] startsLine;

    private SplicedBody(String boundary, byte[] body, int[] places, int tokenLength, boolean[] startsLine) {
        this.boundary = boundary;
        this.body = body;
        this.places = places;
        this.tokenLength = tokenLength;
        this.startsLine = startsLine;
    }

    /**
     * The body laid out with {@code standIn} in it; null when the layout is not ASCII or holds no
     * stand-in. Each occurrence may be broken by quoted-printable's soft line breaks.
     */
    static SplicedBody of(String boundary, String laidOut, String standIn) {
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(laidOut) || standIn.isEmpty()) {
            return null;
        }
        byte[] body = laidOut.getBytes(StandardCharsets.US_ASCII);
        int length = standIn.length();
        int[] places = new int[0];
        boolean[] startsLine = new boolean[length];
        int[] found = new int[length];
        for (int at = 0; at < body.length; at++) {
            if (matches(body, at, standIn, found)) {
                places = Arrays.copyOf(places, places.length + length);
                System.arraycopy(found, 0, places, places.length - length, length);
                for (int i = 0; i < length; i++) {
                    startsLine[i] |= found[i] > 0 && body[found[i] - 1] == '\n';
                }
                at = found[length - 1];
            }
        }
        return places.length == 0 ? null : new SplicedBody(boundary, body, places, length, startsLine);
    }

    private static boolean matches(byte[] body, int at, String standIn, int[] found) {
        int place = at;
        for (int i = 0; i < standIn.length(); i++) {
            if (i > 0 && startsWith(body, place, SOFT_BREAK)) {
                place += SOFT_BREAK.length;
            }
            if (place >= body.length || body[place] != standIn.charAt(i)) {
                return false;
            }
            found[i] = place++;
        }
        return true;
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The multipart boundary of the layout, for the message's Content-Type. */
    String boundary() {
        return boundary;
    }

    /** Whether {@code token} encodes as the stand-in did, so that {@link #after} is exact. */
    boolean fits(String token) {
        if (token.length() != tokenLength) {
            return false;
        }
        for (int i = 0; i < tokenLength; i++) {
            char c = token.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!plain && !(c == '.' && !startsLine[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * A token to check the layout with: letters, digits and each of '.', '-' and '_' where they can
     * go, as long as the stand-in; a letter where a '.' would begin a line.
     */
    String probe() {
        String alphabet = "a.B-c_9";
        StringBuilder probe = new StringBuilder(tokenLength);
        for (int i = 0; i < tokenLength; i++) {
            char c = alphabet.charAt(i % alphabet.length());
            probe.append(c == '.' && startsLine[i] ? 'x' : c);
        }
        return probe.toString();
    }

    /** {@code head} (the message's headers and their blank line), then this body with {@code token} in it. */
    byte[] after(byte[] head, String token) {
        byte[] message = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, message, head.length, body.length);
        for (int i = 0; i < places.length; i++) {
            message[head.length + places[i]] = (byte) token.charAt(i % tokenLength);
        }
        return message;
    }
}
