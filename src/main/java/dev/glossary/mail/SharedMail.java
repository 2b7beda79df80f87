package dev.glossary.mail;

import io.quarkus.mailer.Mail;

/**
 * A mail whose text and HTML are a rendering shared by many readers with this reader's unsubscribe
 * link put in. They are made only when asked for: the pipelined sender splices the reader's token into
 * a body it encoded once for the rendering ({@link SplicedBody}) and never asks.
 */
public final class SharedMail extends Mail {

    private final SubscriptionLinks.Shared rendering;
    private final String token;
    private final String unsubscribeUrl;
    /** Whether the text, the HTML, is in the mail itself: made from the rendering when first asked for, or set. */
    private boolean textMade;
    private boolean htmlMade;
    private boolean edited; // text or HTML set by a caller: the rendering no longer describes the mail

    SharedMail(String to, String subject, SubscriptionLinks.Shared rendering, String token, String unsubscribeUrl) {
        this.rendering = rendering;
        this.token = token;
        this.unsubscribeUrl = unsubscribeUrl;
        addTo(to);
        setSubject(subject);
    }

    /** The shared rendering this mail's text and HTML are made of; null once either was set otherwise. */
    public SubscriptionLinks.Shared rendering() {
        return edited ? null : rendering;
    }

    /** The reader's token, where the rendering has {@link SubscriptionLinks.Shared#standInToken()}. */
    public String token() {
        return token;
    }

    @Override
    public String getText() {
        if (!textMade) {
            textMade = true;
            super.setText(withLink(rendering.text()));
        }
        return super.getText();
    }

    @Override
    public Mail setText(String text) {
        textMade = edited = true;
        return super.setText(text);
    }

    @Override
    public String getHtml() {
        if (!htmlMade) {
            htmlMade = true;
            super.setHtml(withLink(rendering.html()));
        }
        return super.getHtml();
    }

    @Override
    public Mail setHtml(String html) {
        htmlMade = edited = true;
        return super.setHtml(html);
    }

    private String withLink(String part) {
        return part.replace(rendering.standIn(), unsubscribeUrl);
    }
}
