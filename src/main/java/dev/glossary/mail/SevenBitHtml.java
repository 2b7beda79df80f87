package dev.glossary.mail;

/**
 * An HTML part that goes out as 7bit in a few long lines instead of quoted-printable in 76-character
 * ones. The mail client writes a part's body to the socket one line per write (a system call each);
 * an issue's HTML took about 25 of them per mail, the biggest share of a bulk send's CPU. Characters
 * outside ASCII become numeric character references and line breaks become spaces (whitespace either
 * way in HTML, and no mail template uses {@code <pre>}); lines stay well under SMTP's 998 characters.
 */
public final class SevenBitHtml {

    static final int MAX_LINE = 900;

    private SevenBitHtml() {
    }

    public static String of(String html) {
        StringBuilder out = new StringBuilder(html.length() + 64);
        int lineStart = 0;
        int lastSpace = -1;
        for (int i = 0; i < html.length(); ) {
            int point = html.codePointAt(i);
            i += Character.charCount(point);
            if (point == '\r' || point == '\n') {
                point = ' ';
            }
            if (point == ' ') {
                lastSpace = out.length();
                out.append(' ');
            } else if (point >= 0x20 && point < 0x7f || point == '\t') {
                out.append((char) point);
            } else {
                out.append("&#").append(point).append(';');
            }
            if (out.length() - lineStart > MAX_LINE && lastSpace > lineStart) {
                out.setCharAt(lastSpace, '\n'); // a space becomes the line break: the same whitespace to HTML
                lineStart = lastSpace + 1;
            }
        }
        return out.toString();
    }
}
