package dev.glossary.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The reactive client reads the same database as JDBC: when {@code quarkus.datasource.reactive.url}
 * is not set, it is the JDBC URL without its {@code jdbc:} prefix. Deployments then configure one
 * URL (QUARKUS_DATASOURCE_JDBC_URL), as the API contract promises; credentials are shared already.
 */
@Priority(Priorities.APPLICATION + 100)
public class ReactiveUrlFromJdbc implements ConfigSourceInterceptor {

    private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    private static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    private static final String JDBC_PREFIX = "jdbc:";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null || !REACTIVE_URL.equals(name)) {
            return value;
        }
        ConfigValue jdbc = context.proceed(JDBC_URL);
        if (jdbc == null || jdbc.getValue() == null || !jdbc.getValue().startsWith(JDBC_PREFIX)) {
            return null;
        }
        return jdbc.withName(REACTIVE_URL).withValue(withoutParameters(jdbc.getValue().substring(JDBC_PREFIX.length())));
    }

    /**
     * pgJDBC's own parameters (connectTimeout, ...) mean nothing to the reactive client, which would
     * send them to the server as settings; sslmode means the same to both and is kept.
     */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        String kept = Arrays.stream(url.substring(query + 1).split("&"))
                .filter(parameter -> parameter.startsWith("sslmode="))
                .collect(Collectors.joining("&"));
        return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + kept);
    }
}
