package dev.glossary.web;

import dev.glossary.common.Sha256;
import java.util.Arrays;
import java.util.Base64;

/** Strong entity tags derived from the exact bytes served, and RFC 9110 matching of the conditional headers. */
public final class ETags {

    private ETags() {
    }

    public static String of(byte[] representation) {
        byte[] digest = Sha256.of(representation);
        return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18)) + '"';
    }

    /** If-None-Match uses weak comparison: W/"x" matches "x". */
    public static boolean noneMatchHits(String ifNoneMatch, String etag) {
        return anyMatches(ifNoneMatch, etag, true);
    }

    /** If-Match uses strong comparison. */
    public static boolean matchHits(String ifMatch, String etag) {
        return anyMatches(ifMatch, etag, false);
    }

    private static boolean anyMatches(String header, String etag, boolean weak) {
        if (header == null) {
            return false;
        }
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || weak && tag.startsWith("W/") && tag.substring(2).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
