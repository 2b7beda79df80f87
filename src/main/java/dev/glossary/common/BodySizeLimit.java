package dev.glossary.common;

import dev.glossary.config.GlossaryConfig;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The one place that enforces glossary.http.max-body-size and words it: a declared Content-Length
 * over the limit is refused before the body is read ({@link #rejectDeclared}, routed by
 * {@link HttpFailureHandler}); a body sent without one (chunked) is counted as it is read and
 * stopped at the limit.
 */
@jakarta.ws.rs.ext.Provider
public class BodySizeLimit implements ReaderInterceptor {

    // Providers are built at static init, before runtime configuration exists: read it on first use.
    private final Provider<GlossaryConfig> config;

    BodySizeLimit(Provider<GlossaryConfig> config) {
        this.config = config;
    }

    /** The 413 detail, with the configured limit: "The request body is larger than 64 KiB". */
    public static String detail(GlossaryConfig config) {
        return "The request body is larger than " + describe(config);
    }

    /** The configured limit as people read it, e.g. "64 KiB". */
    public static String describe(GlossaryConfig config) {
        long bytes = config.http().maxBodySize().asLongValue();
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    /** Fails the request with 413 when its declared Content-Length is over the limit; passes it on otherwise. */
    static void rejectDeclared(RoutingContext context, GlossaryConfig config) {
        String length = context.request().getHeader("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > config.http().maxBodySize().asLongValue()) {
            context.response().putHeader("Connection", "close");
            context.fail(413);
            return;
        }
        context.next();
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new Limited(context.getInputStream(), config.get()));
        return context.proceed();
    }

    private static final class Limited extends FilterInputStream {
        private final GlossaryConfig config;
        private final long limit;
        private long read;

        Limited(InputStream in, GlossaryConfig config) {
            super(in);
            this.config = config;
            this.limit = config.http().maxBodySize().asLongValue();
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, detail(config));
            }
        }
    }
}
