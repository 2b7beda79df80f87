package dev.glossary.mail;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.glossary.common.LastMade;
import io.quarkus.mailer.Mail;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.mail.CanonicalizationAlgorithm;
import io.vertx.ext.mail.DKIMSignOptions;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.impl.dkim.DKIMSigner;
import io.vertx.ext.mail.mailencoder.EmailAddress;
import io.vertx.ext.mail.mailencoder.EncodedPart;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A lean SMTP sender for bulk mail (issue mails) on a Vert.x {@link NetClient}, to the server of
 * quarkus.mailer.*: each mail is the envelope in one write (RFC 2920 PIPELINING when the server offers
 * it) and the whole message in a second, on pooled connections that are not reset between mails; with
 * PIPELINING the next mail's envelope follows a message before its reply, one round trip per mail.
 * Vert.x's mail client, behind the Quarkus mailer, resets the connection before every mail and writes
 * the message line by line, each write flushed and awaited: under load its round trips and writes, not
 * the server, bounded a send (bench/README.md, issue 24).
 *
 * <p>The message itself is Vert.x's MIME encoding, laid out on the wire as the mailer's client writes
 * it, and signed by Vert.x's DKIM signer from quarkus.mailer.dkim.* as the mailer maps them. It keeps
 * STARTTLS (as quarkus.mailer.start-tls says, with the JVM's trust store or trust-all) and AUTH PLAIN or
 * LOGIN with quarkus.mailer.username/password. For what it does not do (the mock mailer, TLS from the
 * first byte, other AUTH methods, a TLS configuration or trust store of its own, approved recipients,
 * HELO instead of EHLO, recipient errors allowed) {@link #usable()} is false and the caller uses the
 * mailer, which does.
 */
@ApplicationScoped
public class PipelinedSmtp {

    private static final Logger LOG = Logger.getLogger(PipelinedSmtp.class);

    /** A server's reply: its code and its lines' text. */
    record Reply(int code, String text) {
        boolean positive() {
            return code >= 200 && code < 400;
        }
    }

    /** A reply that refused the mail, or a session lost (421), with what the server said. */
    public static final class Refused extends RuntimeException {
        Refused(String step, Reply reply) {
            super(step + ": " + reply.code() + " " + reply.text(), null, false, false);
        }
    }

    @Inject Vertx vertx;
    @ConfigProperty(name = "glossary.mail.pipelined-smtp", defaultValue = "true") boolean enabled;
    @ConfigProperty(name = "quarkus.mailer.mock", defaultValue = "false") boolean mock;
    @ConfigProperty(name = "quarkus.mailer.dkim.enabled", defaultValue = "false") boolean dkim;
    // Only properties the mailer has (DkimSignOptionsConfig): another name under quarkus.mailer. would read a named mailer's.
    @ConfigProperty(name = "quarkus.mailer.dkim.private-key") Optional<String> dkimPrivateKey;
    @ConfigProperty(name = "quarkus.mailer.dkim.private-key-path") Optional<String> dkimPrivateKeyPath;
    @ConfigProperty(name = "quarkus.mailer.dkim.auid") Optional<String> dkimAuid;
    @ConfigProperty(name = "quarkus.mailer.dkim.selector") Optional<String> dkimSelector;
    @ConfigProperty(name = "quarkus.mailer.dkim.sdid") Optional<String> dkimSdid;
    @ConfigProperty(name = "quarkus.mailer.dkim.header-canon-algo") Optional<String> dkimHeaderCanon;
    @ConfigProperty(name = "quarkus.mailer.dkim.body-canon-algo") Optional<String> dkimBodyCanon;
    @ConfigProperty(name = "quarkus.mailer.dkim.body-limit") OptionalInt dkimBodyLimit;
    @ConfigProperty(name = "quarkus.mailer.dkim.signature-timestamp") Optional<Boolean> dkimTimestamp;
    @ConfigProperty(name = "quarkus.mailer.dkim.expire-time") OptionalLong dkimExpireTime;
    @ConfigProperty(name = "quarkus.mailer.dkim.signed-headers") Optional<List<String>> dkimSignedHeaders;
    @ConfigProperty(name = "quarkus.mailer.tls") Optional<Boolean> tls;
    @ConfigProperty(name = "quarkus.mailer.ssl", defaultValue = "false") boolean ssl;
    @ConfigProperty(name = "quarkus.mailer.tls-configuration-name") Optional<String> tlsConfiguration;
    @ConfigProperty(name = "quarkus.mailer.truststore.paths") Optional<List<String>> truststore;
    @ConfigProperty(name = "quarkus.mailer.approved-recipients") Optional<List<String>> approvedRecipients;
    @ConfigProperty(name = "quarkus.mailer.auth-methods") Optional<String> authMethods;
    @ConfigProperty(name = "quarkus.mailer.disable-esmtp", defaultValue = "false") boolean disableEsmtp;
    @ConfigProperty(name = "quarkus.mailer.allow-rcpt-errors", defaultValue = "false") boolean allowRcptErrors;
    /** As the mailer: PIPELINING only where this allows it and the server offers it. */
    @ConfigProperty(name = "quarkus.mailer.pipelining", defaultValue = "true") boolean pipeliningAllowed;
    @ConfigProperty(name = "quarkus.mailer.host", defaultValue = "localhost") String host;
    @ConfigProperty(name = "quarkus.mailer.port") Optional<Integer> port;
    @ConfigProperty(name = "quarkus.mailer.start-tls", defaultValue = "OPTIONAL") String startTls;
    @ConfigProperty(name = "quarkus.mailer.trust-all") Optional<Boolean> trustAll;
    @ConfigProperty(name = "quarkus.mailer.login", defaultValue = "NONE") String login;
    @ConfigProperty(name = "quarkus.mailer.username") Optional<String> username;
    @ConfigProperty(name = "quarkus.mailer.password") Optional<String> password;
    @ConfigProperty(name = "quarkus.mailer.own-host-name") Optional<String> ownHostName;
    @ConfigProperty(name = "quarkus.mailer.from") Optional<String> defaultFrom;
    @ConfigProperty(name = "quarkus.mailer.bounce-address") Optional<String> defaultBounce;
    @ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "10S") Duration timeout;
    @ConfigProperty(name = "quarkus.mailer.keep-alive-timeout", defaultValue = "300S") Duration keepAliveTimeout;
    @ConfigProperty(name = "glossary.newsletter.concurrency", defaultValue = "6") int poolSize;

    private NetClient client;
    private String hostname;
    private final Deque<Connection> idle = new ArrayDeque<>(); // guarded by this; the last used first
    private final Deque<CompletableFuture<Connection>> waiting = new ArrayDeque<>(); // guarded by this
    private int open; // connections open or opening; guarded by this
    private volatile boolean closed;

    private volatile Boolean usable;
    /**
     * One signer per core: a DKIMSigner signs under a lock of its own, and an RSA signature (1.5-2 ms of
     * CPU here) is most of a signed mail's cost; with one signer, one core would bound a signed send.
     */
    private volatile DKIMSigner[] signers; // made by startSigning

    /** Whether this sender does what quarkus.mailer.* asks; if not, the mailer sends. */
    public boolean usable() {
        Boolean known = usable;
        if (known == null) {
            String mailerOnly = mailerOnly();
            known = mailerOnly == null;
            usable = known;
            if (known) {
                LOG.infof("Issue mails go out through the pipelined SMTP sender%s", dkim ? ", DKIM-signed" : "");
            } else {
                LOG.infof("Issue mails go out through the mailer: %s", mailerOnly);
            }
        }
        return known;
    }

    /** What only the mailer does of what is configured; null when there is nothing. */
    String mailerOnly() {
        boolean authSupported = authMethods.map(methods -> methods.toUpperCase(Locale.ROOT).matches("[\\s,]*((PLAIN|LOGIN)[\\s,]*)+"))
                .orElse(true);
        List<String> reasons = new ArrayList<>();
        add(reasons, !enabled, "glossary.mail.pipelined-smtp is false");
        add(reasons, mock, "the mock mailer");
        add(reasons, tls.orElse(ssl), "TLS from the first byte");
        add(reasons, tlsConfiguration.isPresent() || truststore.isPresent(), "a TLS configuration or trust store of its own");
        add(reasons, approvedRecipients.map(list -> !list.isEmpty()).orElse(false), "approved recipients");
        add(reasons, !authSupported, "AUTH methods other than PLAIN and LOGIN");
        add(reasons, disableEsmtp, "HELO instead of EHLO");
        add(reasons, allowRcptErrors, "recipient errors allowed");
        return reasons.isEmpty() ? null : String.join(", ", reasons);
    }

    private static void add(List<String> reasons, boolean applies, String reason) {
        if (applies) {
            reasons.add(reason);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        List<Connection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
        }
        toClose.forEach(Connection::quit);
    }

    /** Sends one mail; completes when the server accepted it, fails with what it said otherwise. */
    public CompletionStage<Void> send(Mail mail) {
        Buffer message;
        String from;
        List<String> recipients = new ArrayList<>();
        try {
            MailMessage encoded = toMessage(mail);
            message = forData(mail, encoded);
            from = encoded.getBounceAddress() != null ? envelope(encoded.getBounceAddress()) : fromEnvelope(encoded.getFrom());
            for (List<String> list : List.of(mail.getTo(), mail.getCc(), mail.getBcc())) {
                list.forEach(address -> recipients.add(envelope(address)));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        acquire().whenComplete((connection, failure) -> {
            if (failure != null) {
                sent.completeExceptionally(failure);
            } else {
                connection.onContext(() -> connection.transaction(from, recipients, message, sent));
            }
        });
        return sent;
    }

    /** The message as DATA carries it. */
    private Buffer forData(Mail mail, MailMessage encoded) {
        Buffer spliced = !dkim && mail instanceof SharedMail shared ? spliced(encoded, shared) : null;
        if (spliced != null) {
            return spliced;
        }
        EncodedPart part = encode(encoded.setText(mail.getText()).setHtml(mail.getHtml()));
        if (dkim) {
            // As the mailer's client: the signature is the last header, over the part as it goes out.
            part.headers().add(DKIMSigner.DKIM_SIGNATURE_HEADER, signature(part));
        }
        return forData(part);
    }

    /**
     * The address as the envelope takes it, as {@link EmailAddress} reads it. A bare address, which
     * every issue mail's sender (VERP) and recipient is, needs none of its regular expressions: those
     * were a twentieth of a bulk send's CPU.
     */
    static String envelope(String address) {
        return bare(address) ? address : new EmailAddress(address).getEmail();
    }

    /** Every mail without a VERP sender has the same From. */
    private final LastMade<String, String> fromEnvelopes = new LastMade<>();

    private String fromEnvelope(String address) {
        return fromEnvelopes.get(address, PipelinedSmtp::envelope);
    }

    /** An address that is only an address (no name, comment or angle brackets), as EmailAddress accepts it. */
    private static boolean bare(String address) {
        int at = address.indexOf('@');
        boolean bare = at > 0 && at < address.length() - 1;
        for (int i = 0; bare && i < address.length(); i++) {
            char c = address.charAt(i);
            bare = c > ' ' && c != '(' && c != ')' && c != '<' && c != '>' && c != ',' && c != '"' && c != 0x7f;
        }
        return bare;
    }

    /**
     * Vert.x's MIME encoding of the message. For a bulk mail (text and HTML, one bare recipient, a
     * Message-ID of its own) the top-level headers are set here as MailEncoder sets them, the encoded
     * From and Subject kept from the last mail and the Date from the last second: MailEncoder made a
     * SimpleDateFormat and parsed both addresses with regular expressions for every mail, a sixth of
     * a bulk send's CPU (bench/README.md, issue 24). Header order aside, the message is the same.
     */
    private EncodedPart encode(MailMessage message) {
        MultiMap headers = message.getText() != null && message.getHtml() != null ? bulkHeaders(message) : null;
        if (headers == null) {
            return new MailEncoder(message, hostname(), USER_AGENT).encodeMail();
        }
        EncodedPart part = new MailEncoder(message.setHeaders(headers).setFixedHeaders(true), hostname(), USER_AGENT).encodeMail();
        // Fixed headers replace the multipart's own, which is only this (MultiPart's constructor).
        part.headers().add("Content-Type", contentType(part.boundary()));
        return part;
    }

    private static String contentType(String boundary) {
        return "multipart/alternative; boundary=\"" + boundary + "\"";
    }

    /** A bulk mail's top-level headers as MailEncoder writes them; null for a mail that is not one. */
    private MultiMap bulkHeaders(MailMessage message) {
        MultiMap own = message.getHeaders();
        List<String> to = message.getTo();
        boolean bulk = message.getFrom() != null && message.getSubject() != null && to != null && to.size() == 1
                && bare(to.get(0)) && (message.getCc() == null || message.getCc().isEmpty()) && own.contains("Message-ID");
        if (!bulk) {
            return null;
        }
        FromAndSubject encoded = fromAndSubject(message.getFrom(), message.getSubject());
        String recipient = to.get(0);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("MIME-Version", "1.0").add("Date", date())
                .add("Subject", encoded.subject()).add("From", encoded.from())
                .add("To", "To: ".length() + recipient.length() >= 76 ? "\n " + recipient : recipient); // as encodeEmailList folds
        for (String name : SET_HERE) {
            if (own.contains(name)) {
                headers.remove(name); // the mail's own headers win, as in MailEncoder
            }
        }
        return headers.addAll(own);
    }

    /** Each rendering's body, laid out once (empty when its mails cannot be spliced): two issues sent at once alternate. */
    private final Cache<SubscriptionLinks.Shared, Optional<SplicedBody>> splicedBodies = Caffeine.newBuilder().maximumSize(16).build();
    private final LastMade<SubscriptionLinks.Shared, Optional<SplicedBody>> lastSplicedBody = new LastMade<>();

    /**
     * A bulk mail of a shared rendering as DATA carries it: its headers as {@link #encode} makes them,
     * then the rendering's body laid out once with the reader's token written in; null when that
     * would not be the message {@link #encode} makes, which the caller then makes.
     */
    private Buffer spliced(MailMessage message, SharedMail mail) {
        SubscriptionLinks.Shared rendering = mail.rendering();
        if (rendering == null) {
            return null;
        }
        SplicedBody body = lastSplicedBody.get(rendering, key -> splicedBodies.get(key, this::splicedBody)).orElse(null);
        MultiMap headers = body != null && body.fits(mail.token()) ? bulkHeaders(message) : null;
        if (headers == null) {
            return null;
        }
        StringBuilder head = new StringBuilder(1024);
        headers(headers.add("Content-Type", contentType(body.boundary())), head);
        head.append("\r\n");
        return Buffer.buffer(Unpooled.wrappedBuffer(body.after(head.toString().getBytes(StandardCharsets.UTF_8), mail.token())));
    }

    /**
     * The rendering's parts laid out with its stand-in token, if a probe token spliced into that
     * layout gives what encoding the probe's own text and HTML gives: the check that quoted-printable
     * and dot-stuffing treat the token's characters as {@link SplicedBody} assumes.
     */
    private Optional<SplicedBody> splicedBody(SubscriptionLinks.Shared rendering) {
        String standIn = rendering.standInToken();
        EncodedPart part = parts(rendering.text(), rendering.html());
        SplicedBody body = SplicedBody.of(part.boundary(), laidOut(part), standIn);
        if (body == null) {
            LOG.debugf("a rendering's mails are encoded one by one: no place for the token");
            return Optional.empty();
        }
        String probe = body.probe();
        EncodedPart probed = parts(rendering.text().replace(standIn, probe), rendering.html().replace(standIn, probe));
        byte[] expected = laidOut(probed).replace(probed.boundary(), part.boundary()).getBytes(StandardCharsets.UTF_8);
        if (!Arrays.equals(body.after(new byte[0], probe), expected)) {
            LOG.debugf("a rendering's mails are encoded one by one: the probe token did not splice as it encodes");
            return Optional.empty();
        }
        return Optional.of(body);
    }

    private EncodedPart parts(String text, String html) {
        return new MailEncoder(new MailMessage().setFrom("parts@invalid").setTo("parts@invalid").setText(text).setHtml(html),
                hostname(), USER_AGENT).encodeMail();
    }

    private static String laidOut(EncodedPart part) {
        StringBuilder out = new StringBuilder(bodyLength(part) + 1024);
        content(part, out);
        return out.append(".\r\n").toString();
    }

    private static final List<String> SET_HERE = List.of("MIME-Version", "Date", "Subject", "From", "To");
    /** MailEncoder's default, read once: its two-argument constructor makes a whole MailConfig for it, every mail. */
    private static final String USER_AGENT = new io.vertx.ext.mail.MailConfig().getUserAgent();

    /** A From and a Subject as written, and as MailEncoder encodes them (RFC 2047 where needed). */
    private record RawFromAndSubject(String from, String subject) {
    }

    record FromAndSubject(String from, String subject) {
    }

    private final LastMade<RawFromAndSubject, FromAndSubject> fromsAndSubjects = new LastMade<>();

    private FromAndSubject fromAndSubject(String from, String subject) {
        return fromsAndSubjects.get(new RawFromAndSubject(from, subject), raw -> {
            MultiMap headers = new MailEncoder(new MailMessage().setFrom(raw.from()).setTo("to@invalid").setSubject(raw.subject())
                    .setText(""), "localhost").encodeMail().headers();
            return new FromAndSubject(headers.get("From"), headers.get("Subject"));
        });
    }

    /** As MailEncoder writes it (Utils.generateDate), made once a second. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z (z)", Locale.ENGLISH);

    private final LastMade<Long, String> dates = new LastMade<>();

    private String date() {
        return dates.get(System.currentTimeMillis() / 1000,
                second -> DATE.format(Instant.ofEpochSecond(second).atZone(ZoneId.systemDefault())));
    }

    /** As the mailer builds it (MutinyMailerImpl), but for the text and HTML: the default sender and bounce address when the mail has none. */
    private MailMessage toMessage(Mail mail) {
        if (!mail.getAttachments().isEmpty()) {
            throw new IllegalArgumentException("attachments are the mailer's to send");
        }
        MailMessage message = new MailMessage();
        message.setBounceAddress(mail.getBounceAddress() != null ? mail.getBounceAddress() : defaultBounce.orElse(null));
        message.setFrom(mail.getFrom() != null ? mail.getFrom() : defaultFrom.orElse(null));
        message.setTo(mail.getTo());
        message.setCc(mail.getCc());
        message.setBcc(mail.getBcc());
        message.setSubject(mail.getSubject());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        mail.getHeaders().forEach(headers::add);
        message.setHeaders(headers);
        if (mail.getReplyTo() != null) {
            message.addHeader("Reply-To", mail.getReplyTo());
        }
        return message;
    }

    /**
     * The message as DATA carries it, in one pass: laid out as the mailer's client writes it
     * (SMTPSendMail) and as {@link DKIMSigner} hashes it, each part's headers, a blank line, its body;
     * a multipart's parts each after its "--boundary" line, and "--boundary--" after the last.
     * (MailEncoder.encode() lays it out differently, without the closing delimiter, so a signature
     * over the part would not verify.) Every line ends in CRLF and one starting with a dot gets
     * another (RFC 5321 4.5.2); CRLF . CRLF ends it. Laying it out, dot-stuffing and encoding it in
     * three passes allocated 30 KB per mail, most of a bulk send's garbage (bench/README.md, issue 24).
     */
    static Buffer forData(EncodedPart part) {
        StringBuilder out = new StringBuilder(bodyLength(part) + 2048);
        headersAndBody(part, out);
        out.append(".\r\n");
        return utf8(out.toString());
    }

    /** Its UTF-8 bytes, wrapped: Buffer.buffer(text, "UTF-8") encodes through a buffer three times as long, then copies. */
    static Buffer utf8(String text) {
        return Buffer.buffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static int bodyLength(EncodedPart part) {
        int length = part.body() == null ? 0 : part.body().length();
        if (part.parts() != null) {
            for (EncodedPart child : part.parts()) {
                length += bodyLength(child);
            }
        }
        return length;
    }

    private static void headersAndBody(EncodedPart part, StringBuilder out) {
        headers(part.headers(), out);
        out.append("\r\n");
        content(part, out);
    }

    private static void headers(MultiMap headers, StringBuilder out) {
        // A header value may hold line breaks of its own (folding): each of its lines is a line.
        headers.forEach(header -> lines(out, header.getKey() + ": " + header.getValue()));
    }

    /** What follows a part's headers and their blank line. */
    private static void content(EncodedPart part, StringBuilder out) {
        if (part.parts() != null && !part.parts().isEmpty()) {
            for (EncodedPart child : part.parts()) {
                out.append("--").append(part.boundary()).append("\r\n");
                headersAndBody(child, out);
            }
            out.append("--").append(part.boundary()).append("--\r\n");
        } else if (part.body() != null) {
            body(out, part.body());
        } else {
            throw new IllegalArgumentException("a streamed part is the mailer's to send");
        }
    }

    /** Each line of {@code text} (split at LF, a CR before it dropped), the last one included even when empty. */
    private static void lines(StringBuilder out, String text) {
        int start = 0;
        for (int lf; (lf = text.indexOf('\n', start)) >= 0; start = lf + 1) {
            line(out, text, start, lf > start && text.charAt(lf - 1) == '\r' ? lf - 1 : lf);
        }
        line(out, text, start, text.length());
    }

    /** A body's lines as the mailer's client writes them: split at LF, trailing empty lines dropped (String.split). */
    private static void body(StringBuilder out, String body) {
        int end = body.length();
        if (body.indexOf('\n') >= 0) {
            while (end > 0 && body.charAt(end - 1) == '\n') {
                end--;
            }
            if (end == 0) {
                return;
            }
        }
        int start = 0;
        for (int lf; (lf = body.indexOf('\n', start)) >= 0 && lf < end; start = lf + 1) {
            line(out, body, start, lf);
        }
        line(out, body, start, end);
    }

    private static void line(StringBuilder out, String text, int start, int end) {
        if (start < end && text.charAt(start) == '.') {
            out.append('.');
        }
        out.append(text, start, end).append("\r\n");
    }

    /** The DKIM-Signature header's value for the part, as the mailer's client signs it. */
    private String signature(EncodedPart part) {
        // Without attachments (refused above) every body is in memory: the signer hashes it at once.
        Future<String> signed = signer().signEmail(vertx.getOrCreateContext(), part);
        if (!signed.isComplete()) {
            throw new IllegalStateException("the DKIM signer did not sign the mail at once");
        }
        if (signed.failed()) {
            throw new IllegalStateException("DKIM signing failed", signed.cause());
        }
        return signed.result();
    }

    /** The signer of the calling thread's slot (sends start on the event loops that finished the last mails). */
    @SuppressWarnings("deprecation") // Thread.getId: Java 17 is the floor
    private DKIMSigner signer() {
        DKIMSigner[] made = signers;
        if (made == null) {
            throw new IllegalStateException("DKIM is on, and its settings were not checked at start-up");
        }
        return made[(int) (Thread.currentThread().getId() % made.length)];
    }

    /**
     * With DKIM on, reads and checks the key and makes the signers, once: settings the signer cannot use
     * throw a {@link ConfigurationException} that names them (Quarkus prints its message, without a
     * stack trace, and stops), where a send would otherwise fail on them again and again.
     */
    void startSigning() {
        if (!dkim) {
            return;
        }
        DKIMSignOptions options;
        try {
            options = dkimOptions();
        } catch (IllegalStateException e) {
            throw new ConfigurationException("DKIM is on (quarkus.mailer.dkim.enabled), and " + e.getMessage());
        }
        DkimKey.check(dkimPrivateKey, dkimPrivateKeyPath, vertx);
        DKIMSigner[] made = new DKIMSigner[Math.max(1, Runtime.getRuntime().availableProcessors())];
        for (int slot = 0; slot < made.length; slot++) {
            try {
                made[slot] = new DKIMSigner(options, vertx);
            } catch (RuntimeException e) { // what the key check does not cover, such as an AUID outside the SDID
                throw new ConfigurationException("quarkus.mailer.dkim.* cannot be used to sign: " + e.getMessage());
            }
        }
        signers = made;
    }

    /** quarkus.mailer.dkim.* as the mailer maps them (Mailers.toVertxDkimSignOptions, Quarkus 3.33); Vert.x's defaults for the rest. */
    DKIMSignOptions dkimOptions() {
        DKIMSignOptions options = new DKIMSignOptions()
                .setSdid(dkimSdid.orElseThrow(() -> new IllegalStateException("quarkus.mailer.dkim.sdid is not set")))
                .setSelector(dkimSelector.orElseThrow(() -> new IllegalStateException("quarkus.mailer.dkim.selector is not set")));
        dkimAuid.ifPresent(options::setAuid);
        dkimBodyLimit.ifPresent(options::setBodyLimit);
        dkimExpireTime.ifPresent(options::setExpireTime);
        dkimBodyCanon.ifPresent(algo -> options.setBodyCanonAlgo(canonicalization(algo)));
        dkimHeaderCanon.ifPresent(algo -> options.setHeaderCanonAlgo(canonicalization(algo)));
        dkimPrivateKey.ifPresent(options::setPrivateKey);
        dkimPrivateKeyPath.ifPresent(options::setPrivateKeyPath);
        dkimTimestamp.ifPresent(options::setSignatureTimestamp);
        dkimSignedHeaders.ifPresent(headers -> {
            if (headers.stream().noneMatch(header -> header.trim().equalsIgnoreCase("from"))) {
                throw new IllegalStateException("quarkus.mailer.dkim.signed-headers must include From");
            }
            options.setSignedHeaders(headers.stream().map(String::trim).toList());
        });
        return options;
    }

    private static CanonicalizationAlgorithm canonicalization(String value) {
        return CanonicalizationAlgorithm.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    private String hostname() {
        String name = hostname;
        if (name == null) {
            try {
                name = ownHostName.orElse(InetAddress.getLocalHost().getCanonicalHostName());
            } catch (UnknownHostException e) {
                name = "localhost";
            }
            hostname = name;
        }
        return name;
    }

    private synchronized NetClient client() {
        if (client == null) {
            boolean trustAnyone = trustAll.orElse(false);
            NetClientOptions options = new NetClientOptions().setConnectTimeout((int) timeout.toMillis())
                    .setTrustAll(trustAnyone).setHostnameVerificationAlgorithm(trustAnyone ? "" : "HTTPS").setTcpNoDelay(true);
            client = vertx.createNetClient(options);
        }
        return client;
    }

    // ------------------------------------------------------------------------------------- the pool

    private CompletableFuture<Connection> acquire() {
        long now = System.nanoTime();
        List<Connection> stale = new ArrayList<>();
        CompletableFuture<Connection> result;
        boolean openOne = false;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("shutting down"));
            }
            Connection reusable = null;
            while (reusable == null && !idle.isEmpty()) {
                Connection candidate = idle.pollLast();
                if (candidate.broken || now - candidate.idleSince > keepAliveTimeout.toNanos()) {
                    stale.add(candidate);
                    open--;
                } else {
                    reusable = candidate;
                }
            }
            if (reusable != null) {
                result = CompletableFuture.completedFuture(reusable);
            } else if (open < Math.max(1, poolSize)) {
                open++;
                openOne = true;
                result = new CompletableFuture<>();
            } else {
                result = new CompletableFuture<>();
                waiting.add(result);
            }
        }
        stale.forEach(Connection::quit);
        if (openOne) {
            CompletableFuture<Connection> opening = result;
            connect().whenComplete((connection, failure) -> {
                if (failure != null) {
                    synchronized (this) {
                        open--;
                    }
                    opening.completeExceptionally(failure);
                    wakeWaiter();
                } else {
                    opening.complete(connection);
                }
            });
        }
        return result;
    }

    /** A connection whose transaction ended: to the next waiting send, or idle; a broken one is closed. */
    private void release(Connection connection) {
        CompletableFuture<Connection> next = null;
        boolean closeIt = connection.broken || closed;
        synchronized (this) {
            if (closeIt) {
                open--;
            } else if ((next = waiting.poll()) == null) {
                connection.idleSince = System.nanoTime();
                idle.addLast(connection);
            }
        }
        if (closeIt) {
            connection.quit();
            wakeWaiter();
        } else if (next != null) {
            next.complete(connection);
        }
    }

    /** A place in the pool came free: a waiting send opens a connection. */
    private void wakeWaiter() {
        CompletableFuture<Connection> next;
        synchronized (this) {
            next = waiting.poll();
        }
        if (next != null) {
            CompletableFuture<Connection> waiter = next;
            acquire().whenComplete((connection, failure) -> {
                if (failure != null) {
                    waiter.completeExceptionally(failure);
                } else {
                    waiter.complete(connection);
                }
            });
        }
    }

    private CompletableFuture<Connection> connect() {
        CompletableFuture<Connection> ready = new CompletableFuture<>();
        int serverPort = port.orElse(25);
        // On an event loop of its own: called from a worker (the scheduler's), the socket would take that
        // worker's context, and its replies would be handled on other threads than its sends.
        ContextInternal loop = ((VertxInternal) vertx).createEventLoopContext();
        loop.runOnContext(unused -> client().connect(serverPort, host).onComplete(connected -> {
            if (connected.failed()) {
                ready.completeExceptionally(connected.cause());
                return;
            }
            Connection connection = new Connection(connected.result(), loop);
            connection.open(ready);
        }));
        return ready;
    }

    // ------------------------------------------------------------------------------- one connection

    /** One SMTP session; every method but {@link #onContext} runs on its event loop. */
    private final class Connection {
        private final NetSocket socket;
        private final Context context;
        private final Deque<Consumer<Reply>> awaiting = new ArrayDeque<>();
        private final StringBuilder replyText = new StringBuilder();
        private Buffer partial = Buffer.buffer();
        private boolean pipelining;
        private boolean startTlsOffered;
        private final List<String> authOffered = new ArrayList<>();
        private long timer = -1;
        /** Transactions started here whose last reply has not come: two while the next one's envelope follows a message. */
        private int inFlight;
        private boolean quitWhenAnswered;
        volatile boolean broken;
        volatile long idleSince;

        Connection(NetSocket socket, Context context) {
            this.socket = socket;
            this.context = context;
            socket.handler(this::received);
            socket.closeHandler(unused -> failAll("connection closed by the server"));
            socket.exceptionHandler(e -> failAll(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }

        void onContext(Runnable action) {
            if (Vertx.currentContext() == context && context.isEventLoopContext()) {
                action.run();
            } else {
                context.runOnContext(unused -> action.run());
            }
        }

        /** Greeting, EHLO, STARTTLS and EHLO again when it is used, AUTH when a user is set. */
        void open(CompletableFuture<Connection> ready) {
            startTimer(() -> ready.completeExceptionally(new IllegalStateException("SMTP session set-up timed out")));
            expect(greeting -> {
                if (!greeting.positive()) {
                    fail(ready, new Refused("greeting", greeting));
                    return;
                }
                ehlo(ready, false);
            });
        }

        private void ehlo(CompletableFuture<Connection> ready, boolean secured) {
            command("EHLO " + hostname(), reply -> {
                if (!reply.positive()) {
                    fail(ready, new Refused("EHLO", reply));
                    return;
                }
                capabilities(reply.text());
                String tlsMode = startTls.toUpperCase(Locale.ROOT);
                if (!secured && (tlsMode.equals("REQUIRED") || tlsMode.equals("OPTIONAL") && startTlsOffered)) {
                    if (!startTlsOffered) {
                        fail(ready, new IllegalStateException("STARTTLS is required, and the server does not offer it"));
                        return;
                    }
                    command("STARTTLS", started -> {
                        if (!started.positive()) {
                            fail(ready, new Refused("STARTTLS", started));
                            return;
                        }
                        socket.upgradeToSsl(host).onComplete(upgraded -> {
                            if (upgraded.failed()) {
                                fail(ready, upgraded.cause());
                            } else {
                                ehlo(ready, true);
                            }
                        });
                    });
                    return;
                }
                authenticate(ready);
            });
        }

        private void capabilities(String ehloText) {
            pipelining = false;
            startTlsOffered = false;
            authOffered.clear();
            for (String line : ehloText.split("\n")) {
                String[] words = line.trim().toUpperCase(Locale.ROOT).split("[\\s=]+");
                switch (words[0]) {
                    case "PIPELINING" -> pipelining = pipeliningAllowed;
                    case "STARTTLS" -> startTlsOffered = true;
                    case "AUTH" -> authOffered.addAll(List.of(words).subList(1, words.length));
                    default -> {
                    }
                }
            }
        }

        private void authenticate(CompletableFuture<Connection> ready) {
            String loginMode = login.toUpperCase(Locale.ROOT);
            boolean wanted = !loginMode.equals("DISABLED") && username.isPresent() && password.isPresent();
            if (!wanted) {
                if (loginMode.equals("REQUIRED")) {
                    fail(ready, new IllegalStateException("login is required, and no username and password are set"));
                } else {
                    ready(ready);
                }
                return;
            }
            if (authOffered.isEmpty()) {
                if (loginMode.equals("REQUIRED")) {
                    fail(ready, new IllegalStateException("login is required, and the server offers no AUTH"));
                } else {
                    ready(ready); // as the mailer: login NONE logs in only where the server asks for it
                }
                return;
            }
            String user = username.get();
            String secret = password.get();
            if (authOffered.contains("PLAIN") && methodAllowed("PLAIN")) {
                String credentials = Base64.getEncoder().encodeToString(("\0" + user + "\0" + secret).getBytes(StandardCharsets.UTF_8));
                command("AUTH PLAIN " + credentials, reply -> authenticated(ready, reply));
            } else if (authOffered.contains("LOGIN") && methodAllowed("LOGIN")) {
                command("AUTH LOGIN", challenge -> {
                    if (challenge.code() != 334) {
                        authenticated(ready, challenge);
                        return;
                    }
                    command(Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)), second -> {
                        if (second.code() != 334) {
                            authenticated(ready, second);
                            return;
                        }
                        command(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                                reply -> authenticated(ready, reply));
                    });
                });
            } else {
                fail(ready, new IllegalStateException("the server offers neither AUTH PLAIN nor LOGIN: " + authOffered));
            }
        }

        private boolean methodAllowed(String method) {
            return authMethods.map(methods -> methods.toUpperCase(Locale.ROOT).contains(method)).orElse(true);
        }

        private void authenticated(CompletableFuture<Connection> ready, Reply reply) {
            if (reply.code() == 235) {
                ready(ready);
            } else {
                fail(ready, new Refused("AUTH", reply));
            }
        }

        private void ready(CompletableFuture<Connection> ready) {
            cancelTimer();
            ready.complete(this);
        }

        private void fail(CompletableFuture<Connection> ready, Throwable failure) {
            cancelTimer();
            broken = true;
            socket.close();
            ready.completeExceptionally(failure);
        }

        /** One mail: the envelope, then the message; the connection goes back to the pool either way. */
        void transaction(String from, List<String> recipients, Buffer message, CompletableFuture<Void> sent) {
            if (broken) {
                release(this);
                sent.completeExceptionally(new IllegalStateException("connection lost before the mail was sent"));
                return;
            }
            inFlight++;
            startTransactionTimer();
            List<String> envelope = new ArrayList<>();
            envelope.add("MAIL FROM:<" + from + ">");
            recipients.forEach(recipient -> envelope.add("RCPT TO:<" + recipient + ">"));
            envelope.add("DATA");
            Consumer<List<Reply>> onEnvelope = replies -> {
                for (int i = 0; i < replies.size(); i++) {
                    Reply reply = replies.get(i);
                    boolean data = i == replies.size() - 1;
                    if (data ? reply.code() != 354 : !reply.positive()) {
                        // A refused MAIL or RCPT leaves DATA refused too (RFC 2920): the session is clean, reset it.
                        Refused refused = new Refused(data ? "DATA" : i == 0 ? "MAIL FROM" : "RCPT TO", reply);
                        if (data || replies.get(replies.size() - 1).code() != 354) {
                            reset(sent, refused);
                        } else {
                            abandon(sent, refused); // DATA accepted after a refusal: only closing leaves nothing sent
                        }
                        return;
                    }
                }
                write(message);
                // RFC 2920: the next mail's envelope may follow the message before its reply comes, so
                // with PIPELINING the session goes to the next send now, one round trip per mail
                // instead of two. Its reply is awaited first: replies come in order.
                boolean handedOn = pipelining;
                expect(reply -> {
                    ended();
                    if (!handedOn) {
                        release(this);
                    }
                    // Completed after the rest of what arrived with it: the next mail's 354 is in the same
                    // read, and its message goes out before this completion starts (and composes) another mail.
                    context.runOnContext(unused -> {
                        if (reply.positive()) {
                            sent.complete(null);
                        } else {
                            sent.completeExceptionally(new Refused("message", reply));
                        }
                    });
                });
                if (handedOn) {
                    release(this);
                }
            };
            if (pipelining) {
                StringBuilder group = new StringBuilder();
                envelope.forEach(line -> group.append(line).append("\r\n"));
                write(utf8(group.toString()));
                List<Reply> replies = new ArrayList<>();
                for (int i = 0; i < envelope.size(); i++) {
                    expect(reply -> {
                        replies.add(reply);
                        if (replies.size() == envelope.size()) {
                            onEnvelope.accept(replies);
                        }
                    });
                }
            } else {
                stepByStep(envelope, 0, new ArrayList<>(), onEnvelope);
            }
        }

        /** Without PIPELINING: each command after the last one's reply, stopping at the first refusal. */
        private void stepByStep(List<String> commands, int i, List<Reply> replies, Consumer<List<Reply>> done) {
            command(commands.get(i), reply -> {
                replies.add(reply);
                boolean last = i == commands.size() - 1;
                if (last || !reply.positive()) {
                    done.accept(replies);
                } else {
                    stepByStep(commands, i + 1, replies, done);
                }
            });
        }

        private void reset(CompletableFuture<Void> sent, Refused refused) {
            if (broken) { // lost: nothing to reset
                abandon(sent, refused);
                return;
            }
            command("RSET", reply -> {
                ended();
                broken |= !reply.positive();
                release(this);
                sent.completeExceptionally(refused);
            });
        }

        private void abandon(CompletableFuture<Void> sent, Refused refused) {
            ended();
            broken = true;
            release(this);
            sent.completeExceptionally(refused);
        }

        /** Ends the session; one whose last mail still waits for its reply (handed on, idle) ends after that reply. */
        void quit() {
            broken = true;
            onContext(() -> {
                if (inFlight > 0) {
                    quitWhenAnswered = true;
                    return;
                }
                if (socket.writeQueueFull()) {
                    socket.close();
                    return;
                }
                write(Buffer.buffer("QUIT\r\n"));
                socket.close();
            });
        }

        private void command(String line, Consumer<Reply> onReply) {
            write(utf8(line + "\r\n"));
            expect(onReply);
        }

        private void write(Buffer data) {
            socket.write(data);
        }

        private void expect(Consumer<Reply> onReply) {
            awaiting.add(onReply);
        }

        /** Splits what arrives into reply lines; a line "ddd text" ends a reply, "ddd-text" continues it. */
        private void received(Buffer data) {
            partial = partial.length() == 0 ? data : partial.appendBuffer(data);
            int start = 0;
            for (int i = 0; i < partial.length(); i++) {
                if (partial.getByte(i) != '\n') {
                    continue;
                }
                int end = i > start && partial.getByte(i - 1) == '\r' ? i - 1 : i;
                line(partial.getString(start, end, "UTF-8"));
                start = i + 1;
            }
            partial = start == partial.length() ? Buffer.buffer() : partial.getBuffer(start, partial.length());
        }

        private void line(String line) {
            if (line.length() < 3) {
                failAll("malformed reply: " + line);
                return;
            }
            boolean more = line.length() > 3 && line.charAt(3) == '-';
            if (replyText.length() > 0) {
                replyText.append('\n');
            }
            replyText.append(line.length() > 4 ? line.substring(4) : "");
            if (more) {
                return;
            }
            int code;
            try {
                code = Integer.parseInt(line.substring(0, 3));
            } catch (NumberFormatException e) {
                failAll("malformed reply: " + line);
                return;
            }
            Reply reply = new Reply(code, replyText.toString());
            replyText.setLength(0);
            Consumer<Reply> next = awaiting.poll();
            if (next == null) {
                failAll("a reply nobody asked for: " + code); // out of step with the server: unusable
                return;
            }
            next.accept(reply);
        }

        /** The session is gone or out of step: whatever waits for a reply gets a 421 (transient), and it is not reused. */
        private void failAll(String why) {
            if (!broken) {
                LOG.debugf("SMTP connection to %s dropped: %s", host, why);
            }
            broken = true;
            cancelTimer();
            socket.close();
            Reply lost = new Reply(421, why);
            for (Consumer<Reply> next; (next = awaiting.poll()) != null; ) {
                next.accept(lost);
            }
        }

        /** After quarkus.mailer.timeout the session set-up is given up and the connection closed. */
        private void startTimer(Runnable onTimeout) {
            cancelTimer();
            timer = vertx.setTimer(timeout.toMillis(), id -> {
                timer = -1;
                broken = true;
                awaiting.clear();
                socket.close();
                onTimeout.run();
            });
        }

        /**
         * quarkus.mailer.timeout from the last progress: a transaction started or ended. When it passes,
         * every transaction still waiting gets a 421 and ends as a refused one does.
         */
        private void startTransactionTimer() {
            cancelTimer();
            timer = vertx.setTimer(timeout.toMillis(), id -> {
                timer = -1;
                failAll("SMTP transaction timed out");
            });
        }

        /** A transaction's last reply came (or it was given up). */
        private void ended() {
            inFlight--;
            if (inFlight > 0 && !broken) {
                startTransactionTimer();
            } else {
                cancelTimer();
            }
            if (inFlight == 0 && quitWhenAnswered) {
                quitWhenAnswered = false;
                quit();
            }
        }

        private void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
