package dev.glossary.term.read;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** JSON or JSON-LD by Accept (RFC 9110 12.5.1: quality of the most specific matching range, then specificity, then JSON); quality 0 refuses. */
public enum TermRepresentation {

    JSON("application/json"),
    JSON_LD("application/ld+json");

    private final String mediaType;

    TermRepresentation(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The representation to serve for the request's Accept header lines (none: JSON), or empty for 406. */
    public static Optional<TermRepresentation> choose(List<String> acceptHeaders) {
        if (absent(acceptHeaders)) {
            return Optional.of(JSON);
        }
        MediaRange[] ranges = mostSpecific(acceptHeaders);
        MediaRange json = ranges[JSON.ordinal()];
        MediaRange linkedData = ranges[JSON_LD.ordinal()];
        if (json.quality() <= 0 && linkedData.quality() <= 0) {
            return Optional.empty();
        }
        boolean linkedDataWins = linkedData.quality() > json.quality() || (linkedData.quality() == json.quality()
                && linkedData.specificityFor(JSON_LD) > json.specificityFor(JSON));
        return Optional.of(linkedDataWins ? JSON_LD : JSON);
    }

    /** Whether the Accept header lines (none: anything) allow this representation at all. */
    public static boolean acceptable(List<String> acceptHeaders, TermRepresentation representation) {
        return absent(acceptHeaders) || mostSpecific(acceptHeaders)[representation.ordinal()].quality() > 0;
    }

    private static boolean absent(List<String> acceptHeaders) {
        return acceptHeaders == null || acceptHeaders.stream().allMatch(String::isBlank);
    }

    /** For each representation, by ordinal, the most specific range that matches it (or {@link MediaRange#NONE}). */
    private static MediaRange[] mostSpecific(List<String> acceptHeaders) {
        MediaRange[] ranges = {MediaRange.NONE, MediaRange.NONE};
        for (String header : acceptHeaders) {
            for (String entry : header.split(",")) {
                MediaRange range = MediaRange.parse(entry);
                if (range != null) {
                    ranges[JSON.ordinal()] = range.ifMoreSpecific(ranges[JSON.ordinal()], JSON);
                    ranges[JSON_LD.ordinal()] = range.ifMoreSpecific(ranges[JSON_LD.ordinal()], JSON_LD);
                }
            }
        }
        return ranges;
    }

    private record MediaRange(String essence, double quality) {

        static final MediaRange NONE = new MediaRange("", 0);

        /** One entry of Accept, or null when its q is not valid. */
        static MediaRange parse(String entry) {
            String[] parts = entry.split(";");
            String essence = parts[0].strip().toLowerCase(Locale.ROOT);
            double quality = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip();
                if (parameter.length() > 1 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                        && parameter.charAt(1) == '=') {
                    try {
                        quality = Double.parseDouble(parameter.substring(2).strip());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (!(quality >= 0 && quality <= 1)) {
                        return null;
                    }
                }
            }
            return new MediaRange("*".equals(essence) ? "*/*" : essence, quality); // older Java clients send a bare "*"
        }

        /** 2 for the exact type, 1 for a subtype wildcard, 0 for the full wildcard, -1 when the range does not match. */
        int specificityFor(TermRepresentation representation) {
            return essence.equals(representation.mediaType) ? 2 : "application/*".equals(essence) ? 1 : "*/*".equals(essence) ? 0 : -1;
        }

        MediaRange ifMoreSpecific(MediaRange current, TermRepresentation representation) {
            return specificityFor(representation) > current.specificityFor(representation) ? this : current;
        }
    }
}
