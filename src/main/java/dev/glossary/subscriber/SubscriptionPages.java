package dev.glossary.subscriber;

import dev.glossary.common.Sha256;
import dev.glossary.mail.Masthead;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** The pages behind the links in mails: opening one changes nothing (mail scanners follow links), its button POSTs. */
@ApplicationScoped
public class SubscriptionPages {

    private final Template page;
    private final String newsletter;
    private final String style;
    private final String contentSecurityPolicy;

    SubscriptionPages(@Location("subscriber/page.html") Template page, Masthead masthead) throws IOException {
        this.page = page;
        this.newsletter = masthead.name();
        try (InputStream in = Objects.requireNonNull(getClass().getClassLoader()
                .getResourceAsStream("pages/subscription-page.css"), "pages/subscription-page.css is missing")) {
            this.style = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        this.contentSecurityPolicy = "default-src 'none'; style-src 'sha256-" + Base64.getEncoder().encodeToString(Sha256.of(style))
                + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    Response confirmPage(String token) {
        return render("Confirm your subscription",
                "One click and " + newsletter + " arrives in your inbox every week.",
                "confirm", token, "Confirm subscription");
    }

    Response unsubscribePage(String token) {
        return render("Unsubscribe", "You will get no more mail from " + newsletter + ".",
                "unsubscribe", token, "Unsubscribe");
    }

    Response confirmed() {
        return render("You are subscribed", "Thank you. The next issue of " + newsletter + " is on its way.",
                null, "", null);
    }

    Response unsubscribed() {
        return render("You are unsubscribed", "You will get no more mail from " + newsletter + ".",
                null, "", null);
    }

    /** Whether the client (a browser submitting the page's form) wants a page rather than JSON. */
    static boolean prefersHtml(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().findFirst()
                .map(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType())
                .orElse(false);
    }

    /** The form posts to a relative action ("confirm" on /subscribers/confirm), so a path prefix in front of us is kept. */
    private Response render(String heading, String message, String action, String token, String button) {
        String html = page.data("newsletter", newsletter).data("style", style).data("heading", heading)
                .data("message", message).data("action", action).data("token", token).data("button", button).render();
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", contentSecurityPolicy)
                // The URL holds the token: keep it out of caches (web.ResponseHeaders keeps it out of Referer).
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
