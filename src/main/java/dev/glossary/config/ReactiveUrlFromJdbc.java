package dev.glossary.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** One URL per database, as the contract promises: an unset reactive URL is the JDBC one without {@code jdbc:}. */
@Priority(Priorities.APPLICATION + 100)
public class ReactiveUrlFromJdbc implements ConfigSourceInterceptor {

    private static final Map<String, String> JDBC_URL_OF = Map.of(
            "quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url",
            "quarkus.datasource.read.reactive.url", "quarkus.datasource.read.jdbc.url");
    private static final String READ_JDBC_URL = "quarkus.datasource.read.jdbc.url";
    private static final String GLOSSARY_READ_JDBC_URL = "glossary.read-datasource.jdbc-url";
    private static final String JDBC_PREFIX = "jdbc:";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value == null && READ_JDBC_URL.equals(name)) {
            ConfigValue glossary = context.proceed(GLOSSARY_READ_JDBC_URL);
            return glossary == null ? null : glossary.withName(name);
        }
        String jdbcUrl = JDBC_URL_OF.get(name);
        if (value != null || jdbcUrl == null) {
            return value;
        }
        ConfigValue jdbc = getValue(context, jdbcUrl);
        if (jdbc == null || jdbc.getValue() == null || !jdbc.getValue().startsWith(JDBC_PREFIX)) {
            return null;
        }
        return jdbc.withName(name).withValue(withoutParameters(jdbc.getValue().substring(JDBC_PREFIX.length())));
    }

    /** pgJDBC's parameters would reach the server as settings from the reactive client; sslmode means the same to both. */
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
