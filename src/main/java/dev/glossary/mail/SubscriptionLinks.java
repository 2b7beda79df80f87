package dev.glossary.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The links every mail about a subscription carries, and the rendering those mails share. */
@ApplicationScoped
public class SubscriptionLinks {

    @Inject Masthead masthead;
    @Inject Engine qute;
    private final String base;
    private final String host;

    SubscriptionLinks(@ConfigProperty(name = "glossary.public-base-url") String publicBaseUrl) {
        this.base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        String parsed = URI.create(base).getHost();
        this.host = parsed == null ? "localhost" : parsed;
    }

    /** Tokens are base64url, so they go into the query as they are. */
    public String link(String action, String token) {
        return base + "/subscribers/" + action + "?token=" + token;
    }

    /** The host of the public base URL: the right-hand side of our Message-IDs. */
    public String host() {
        return host;
    }

    /** Text and HTML from templates/{template}.txt and .html, with the unsubscribe link and RFC 8058 one-click headers. */
    public Mail compose(String to, String subject, String template, String unsubscribeToken, Map<String, Object> data) {
        String unsubscribeUrl = link("unsubscribe", unsubscribeToken);
        return withUnsubscribe(Mail.withText(to, subject, render(qute.getTemplate(template + ".txt"), data, unsubscribeUrl))
                .setHtml(SevenBitHtml.of(render(qute.getTemplate(template + ".html"), data, unsubscribeUrl))), unsubscribeUrl);
    }

    /**
     * The template rendered once for many readers, with a stand-in where each one's unsubscribe link
     * goes; {@code null} when the stand-in did not come through the rendering unchanged (then each
     * mail is rendered on its own). The stand-in is a link with a random token as long as a real one
     * ({@code tokenLength}), so the HTML's line breaks fall where they would with the real link.
     */
    public Shared renderShared(String template, Map<String, Object> data, int tokenLength) {
        String standInToken = randomToken(tokenLength);
        String standIn = link("unsubscribe", standInToken);
        String text = render(qute.getTemplate(template + ".txt"), data, standIn);
        String html = SevenBitHtml.of(render(qute.getTemplate(template + ".html"), data, standIn));
        return text.contains(standIn) && html.contains(standIn) ? new Shared(text, html, standIn, standInToken) : null;
    }

    /** As {@link #compose}, from a {@link #renderShared} rendering: only the reader's link is put in. */
    public Mail compose(String to, String subject, Shared shared, String unsubscribeToken) {
        String unsubscribeUrl = link("unsubscribe", unsubscribeToken);
        return withUnsubscribe(new SharedMail(to, subject, shared, unsubscribeToken, unsubscribeUrl), unsubscribeUrl);
    }

    /** A mail's text and HTML parts with {@code standIn} where the unsubscribe link goes, the link of {@code standInToken}. */
    public record Shared(String text, String html, String standIn, String standInToken) {
    }

    private static Mail withUnsubscribe(Mail mail, String unsubscribeUrl) {
        return mail.addHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** Letters and digits only: nothing a template escapes, and nothing a real base64url token could not be. */
    private static String randomToken(int length) {
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
        }
        return token.toString();
    }

    private String render(Template template, Map<String, Object> data, String unsubscribeUrl) {
        var instance = template.data("newsletter", masthead.name()).data("tagline", masthead.tagline())
                .data("unsubscribeUrl", unsubscribeUrl);
        data.forEach(instance::data);
        return instance.render();
    }
}
