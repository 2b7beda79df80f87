package dev.glossary.common;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** URL slugs: the format every slug must have, and the one derived from a name. */
public final class Slugs {

    public static final String PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";
    public static final int MAX_LENGTH = 100;

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");
    private static final Pattern VALID = Pattern.compile(PATTERN);
    private static final Pattern EDGE_DASHES = Pattern.compile("^-+|-+$");

    private Slugs() {
    }

    public static boolean isValid(String slug) {
        return slug != null && slug.length() <= MAX_LENGTH && VALID.matcher(slug).matches();
    }

    /** "Künstliche Intelligenz (KI)" becomes "kunstliche-intelligenz-ki"; empty when nothing latin is left. */
    public static String fromName(String name) {
        String folded = Normalizer.normalize(foldLigatures(name), Normalizer.Form.NFKD);
        folded = COMBINING_MARKS.matcher(folded).replaceAll("").toLowerCase(Locale.ROOT);
        String slug = trimDashes(SEPARATORS.matcher(folded).replaceAll("-"));
        if (slug.length() > MAX_LENGTH) {
            slug = trimDashes(slug.substring(0, MAX_LENGTH));
        }
        return slug;
    }

    /** Letters that have no decomposition into a base letter and a mark. */
    private static String foldLigatures(String name) {
        return name.replace("ß", "ss").replace("Æ", "AE").replace("æ", "ae").replace("Œ", "OE")
                .replace("œ", "oe").replace("Ø", "O").replace("ø", "o").replace("Ł", "L").replace("ł", "l")
                .replace("Đ", "D").replace("đ", "d").replace("Þ", "TH").replace("þ", "th");
    }

    private static String trimDashes(String value) {
        return EDGE_DASHES.matcher(value).replaceAll("");
    }
}
