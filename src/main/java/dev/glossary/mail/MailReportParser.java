package dev.glossary.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.dom.field.FieldName;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Reads what the mail system sends back: an RFC 3464 delivery status notification, an RFC 5965 (ARF) feedback
 * report, or anything else; and the tokens ({@link MailTokens}) it carries, unverified. Never throws for any input.
 */
public final class MailReportParser {

    /** What a report says about the mail it names. */
    public enum Verdict { HARD_BOUNCE, SOFT_BOUNCE, COMPLAINT, OTHER, UNPARSED }

    /** The verdict, and token candidates in the order found: the report's own headers first, then the returned mail's. */
    public record Parsed(Verdict verdict, List<String> tokens) {
    }

    /** Deeper nesting than a report has is not followed: it only costs stack. */
    private static final int MAX_DEPTH = 8;
    private static final int MAX_TOKENS = 20;
    private static final Pattern VERP = Pattern.compile("(?i)bounces\\+([ic][0-9a-z]{1,13}\\.[0-9a-z]{1,13}\\.[0-9a-f]{20})@");
    private static final Pattern BLANK_LINE = Pattern.compile("\\r?\\n[ \\t]*\\r?\\n");
    private static final Pattern STATUS = Pattern.compile("([245])\\.\\d{1,3}\\.\\d{1,3}");

    private MailReportParser() {
    }

    public static Parsed parse(byte[] raw) {
        try {
            Message message = builder().parseMessage(new ByteArrayInputStream(raw));
            if (message.getHeader() == null || message.getHeader().getFields().isEmpty()) {
                return new Parsed(Verdict.UNPARSED, List.of());
            }
            var walk = new Walk();
            walk.entity(message, 0);
            return new Parsed(walk.verdict, walk.tokens);
        } catch (IOException | MimeException | RuntimeException | StackOverflowError malformed) {
            return new Parsed(Verdict.UNPARSED, List.of());
        }
    }

    private static DefaultMessageBuilder builder() {
        var builder = new DefaultMessageBuilder();
        // Lenient: reports come from many MTAs; the request body is already bounded (1 MiB), so lines need no limit.
        builder.setMimeEntityConfig(new MimeConfig.Builder().setStrictParsing(false).setMaxLineLen(-1)
                .setMaxHeaderCount(2000).setMaxHeaderLen(-1).setMaxContentLen(-1).build());
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        builder.setContentDecoding(true);
        return builder;
    }

    /** One pass over the MIME tree, collecting the verdict of the first report part and every token candidate. */
    private static final class Walk {
        Verdict verdict = Verdict.OTHER;
        final List<String> tokens = new ArrayList<>();

        void entity(Entity entity, int depth) throws IOException, MimeException {
            if (depth > MAX_DEPTH) {
                return;
            }
            if (entity.getHeader() != null) {
                fields(entity.getHeader().getFields());
            }
            Body body = entity.getBody();
            String type = entity.getMimeType() == null ? "" : entity.getMimeType().toLowerCase(Locale.ROOT);
            if (body instanceof Multipart multipart) {
                if (verdict == Verdict.OTHER && type.equals("multipart/report") && reportType(entity).equals("feedback-report")) {
                    verdict = Verdict.COMPLAINT;
                }
                for (Entity part : multipart.getBodyParts()) {
                    entity(part, depth + 1);
                }
            } else if (body instanceof Message nested) {
                entity(nested, depth + 1);
            } else if (body instanceof SingleBody single) {
                switch (type) {
                    case "message/delivery-status", "message/global-delivery-status" -> deliveryStatus(text(single));
                    case "text/rfc822-headers", "text/global-headers", "message/rfc822-headers" ->
                            fields(builder().parseHeader(single.getInputStream()).getFields());
                    default -> {
                        // a body in any other type names no mail of ours
                    }
                }
            }
        }

        /** RFC 3464: one block per message, then one per recipient; the worst recipient decides. */
        private void deliveryStatus(String text) throws IOException, MimeException {
            for (String block : BLANK_LINE.split(text)) {
                Header fields = builder().parseHeader(new ByteArrayInputStream((block.strip() + "\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
                fields(fields.getFields());
                Verdict recipient = recipient(value(fields, "Action"), value(fields, "Status"));
                if (recipient == Verdict.HARD_BOUNCE || (recipient == Verdict.SOFT_BOUNCE && verdict != Verdict.HARD_BOUNCE)) {
                    verdict = recipient;
                }
            }
        }

        private void fields(List<Field> fields) {
            for (Field field : fields) {
                String body = field.getBody() == null ? "" : field.getBody();
                if (MailTokens.HEADER.equalsIgnoreCase(field.getName())) {
                    add(body.strip());
                }
                Matcher verp = VERP.matcher(body);
                while (verp.find()) {
                    add(verp.group(1));
                }
            }
        }

        private void add(String candidate) {
            if (tokens.size() < MAX_TOKENS && !candidate.isEmpty() && !tokens.contains(candidate)) {
                tokens.add(candidate);
            }
        }
    }

    /** Status 5.x.x is permanent, 4.x.x temporary (RFC 3463); an action other than failed or delayed is no bounce. */
    static Verdict recipient(String action, String status) {
        String act = action == null ? "" : action.strip().toLowerCase(Locale.ROOT);
        if (!act.equals("failed") && !act.equals("delayed")) {
            return Verdict.OTHER;
        }
        Matcher code = STATUS.matcher(status == null ? "" : status);
        if (!code.find()) {
            return act.equals("failed") ? Verdict.HARD_BOUNCE : Verdict.SOFT_BOUNCE;
        }
        return switch (code.group(1)) {
            case "5" -> Verdict.HARD_BOUNCE;
            case "4" -> Verdict.SOFT_BOUNCE;
            default -> Verdict.OTHER;
        };
    }

    private static String reportType(Entity entity) {
        String value = entity.getHeader().getField(FieldName.CONTENT_TYPE) instanceof ContentTypeField contentType
                ? contentType.getParameter("report-type") : null;
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }

    private static String value(Header header, String name) {
        Field field = header.getField(name);
        return field == null ? null : field.getBody();
    }

    private static String text(SingleBody body) throws IOException {
        try (InputStream in = body.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
