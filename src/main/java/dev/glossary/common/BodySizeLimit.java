package dev.glossary.common;

import dev.glossary.config.GlossaryConfig;
import jakarta.inject.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes of bodies sent without a Content-Length (chunked) and stops at the limit. */
@jakarta.ws.rs.ext.Provider
public class BodySizeLimit implements ReaderInterceptor {

    // Providers are built at static init, before runtime configuration exists: read it on first use.
    private final Provider<GlossaryConfig> config;

    BodySizeLimit(Provider<GlossaryConfig> config) {
        this.config = config;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        long maxBodyBytes = config.get().http().maxBodySize().asLongValue();
        context.setInputStream(new Limited(context.getInputStream(), maxBodyBytes));
        return context.proceed();
    }

    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
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
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                        "The request body is larger than " + limit / 1024 + " KiB");
            }
        }
    }
}
