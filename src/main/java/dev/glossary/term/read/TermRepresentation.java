package dev.glossary.term.read;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** JSON or JSON-LD by Accept (RFC 9110 12.5.1: quality of the most specific matching range, then specificity, then JSON); quality 0 refuses. */
public enum TermRepresentation {

    JSON("application", "json"),
    JSON_LD("application", "ld+json");

    private final String type;
    private final String subtype;
    private final String mediaType;

    TermRepresentation(String type, String subtype) {
        this.type = type;
        this.subtype = subtype;
        this.mediaType = type + "/" + subtype;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The representation to serve for the request's Accept header lines (none: JSON), or empty for 406. */
    public static Optional<TermRepresentation> choose(List<String> acceptHeaders) {
        if (acceptHeaders == null || acceptHeaders.stream().allMatch(String::isBlank)) {
            return Optional.of(JSON);
        }
        Match[] matches = qualities(acceptHeaders);
        Match json = matches[JSON.ordinal()];
        Match linkedData = matches[JSON_LD.ordinal()];
        if (json.quality <= 0 && linkedData.quality <= 0) {
            return Optional.empty();
        }
        boolean linkedDataWins = linkedData.quality > json.quality
                || (linkedData.quality == json.quality && linkedData.specificity > json.specificity);
        return Optional.of(linkedDataWins ? JSON_LD : JSON);
    }

    private static Match[] qualities(List<String> acceptHeaders) {
        Match[] matches = {new Match(), new Match()};
        for (String header : acceptHeaders) {
            for (String range : header.split(",")) {
                MediaRange parsed = MediaRange.parse(range);
                if (parsed != null) {
                    matches[JSON.ordinal()].consider(parsed, JSON);
                    matches[JSON_LD.ordinal()].consider(parsed, JSON_LD);
                }
            }
        }
        return matches;
    }

    /** Whether the Accept header lines (none: anything) allow this representation at all. */
    public static boolean acceptable(List<String> acceptHeaders, TermRepresentation representation) {
        if (acceptHeaders == null || acceptHeaders.stream().allMatch(String::isBlank)) {
            return true;
        }
        return qualities(acceptHeaders)[representation.ordinal()].quality > 0;
    }

    /** The most specific range seen so far that matches one representation. */
    private static final class Match {
        int specificity = -1;
        double quality;

        void consider(MediaRange range, TermRepresentation representation) {
            int matched = range.specificityFor(representation);
            if (matched > specificity) {
                specificity = matched;
                quality = range.quality;
            }
        }
    }

    private record MediaRange(String type, String subtype, double quality) {

        /** One entry of Accept, or null when it is not a media range with a valid q. */
        static MediaRange parse(String entry) {
            String[] parts = entry.split(";");
            String essence = parts[0].strip().toLowerCase(Locale.ROOT);
            if ("*".equals(essence)) {
                essence = "*/*"; // older Java clients send a bare "*"
            }
            int slash = essence.indexOf('/');
            if (slash <= 0 || slash == essence.length() - 1) {
                return null;
            }
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
            return new MediaRange(essence.substring(0, slash), essence.substring(slash + 1), quality);
        }

        /** 2 for the exact type, 1 for a subtype wildcard, 0 for the full wildcard, -1 when the range does not match. */
        int specificityFor(TermRepresentation representation) {
            if ("*".equals(type)) {
                return "*".equals(subtype) ? 0 : -1;
            }
            if (!type.equals(representation.type)) {
                return -1;
            }
            if ("*".equals(subtype)) {
                return 1;
            }
            return subtype.equals(representation.subtype) ? 2 : -1;
        }
    }
}
