package dev.glossary.subscriber;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The addresses we accept (RFC 5321 limits, dot-atom@dotted.host, unquoted ASCII: deliverable anywhere) and their stored form. */
public final class EmailAddresses implements ConstraintValidator<EmailAddresses.Valid, String> {

    public static final int MAX_LENGTH = 254;
    public static final int MAX_LOCAL_PART = 64;

    private static final Pattern LOCAL_PART =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern DOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");

    /** A deliverable address by these rules; null is left to @NotBlank. */
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = EmailAddresses.class)
    public @interface Valid {
        String message() default "must be an address like name@example.org";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return problem(value).map(reason -> {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(reason).addConstraintViolation();
            return false;
        }).orElse(true);
    }

    /** Trimmed and in lower case, so that one mailbox is one subscriber. */
    public static String normalise(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    /** Why the address is refused, or empty when it is acceptable; blank input is left to @NotBlank. */
    static Optional<String> problem(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        if (raw.indexOf('\r') >= 0 || raw.indexOf('\n') >= 0) {
            return Optional.of("must not contain line breaks");
        }
        String address = raw.strip();
        if (address.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        if (address.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of("must not contain spaces");
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Optional.of("must be an address like name@example.org");
        }
        String localPart = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (localPart.length() > MAX_LOCAL_PART) {
            return Optional.of("must have at most " + MAX_LOCAL_PART + " characters before the @");
        }
        if (!LOCAL_PART.matcher(localPart).matches() || !DOMAIN.matcher(domain).matches()) {
            return Optional.of("must be an address like name@example.org");
        }
        if (domain.indexOf('.') < 0) {
            return Optional.of("must have a domain with a dot, like example.org");
        }
        return Optional.empty();
    }
}
