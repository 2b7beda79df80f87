package dev.glossary.web;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;

/**
 * glossary.http.max-body-size (glossary.http.max-mail-report-size for raw mail reports): a declared length over it is
 * refused unread, a chunked body stopped at it.
 */
@jakarta.ws.rs.ext.Provider
public class BodySizeLimit implements ReaderInterceptor {

    // Providers are built at static init, before runtime configuration exists: read it on first use.
    @Inject Provider<HttpConfig> config;
    @Inject Provider<CurrentVertxRequest> request;

    /** The one path that takes whole mails: bounces and complaints as the mail system received them. */
    public static final String MAIL_REPORTS = "/mail/reports";

    static long limit(HttpConfig config, String path) {
        return (MAIL_REPORTS.equals(path) ? config.maxMailReportSize() : config.maxBodySize()).asLongValue();
    }

    static String detail(HttpConfig config, String path) {
        return "The request body is larger than " + describe(limit(config, path));
    }

    static String describe(long bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    static void rejectDeclared(RoutingContext context, HttpConfig config) {
        String length = context.request().getHeader("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > limit(config, context.request().path())) {
            context.response().putHeader("Connection", "close");
            context.fail(413);
            return;
        }
        context.next();
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        HttpConfig limits = config.get();
        RoutingContext current = request.get().getCurrent();
        String path = current == null ? "" : current.request().path();
        long limit = limit(limits, path);
        context.setInputStream(new FilterInputStream(context.getInputStream()) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) {
                read += n;
                if (read > limit) {
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, detail(limits, path));
                }
            }
        });
        return context.proceed();
    }
}
