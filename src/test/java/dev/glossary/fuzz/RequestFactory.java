package dev.glossary.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.support.TestUsers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Turns one operation of the spec into a random request: valid where it must be to get deep, hostile elsewhere. */
final class RequestFactory {

    static final int BODY_LIMIT = 64 * 1024;
    private static final int URL_VALUE_LIMIT = 500;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PATTERN_CANDIDATES = List.of("A", "m", "Z", "#", "fz", "a-b", "x1");
    private static final Pattern MUTATION_SAFE_ID = Pattern.compile("^-.*|.*[^0-9].*");

    private final FuzzValues values;
    private final TermPool pool;
    private final String runToken;
    private int counter;

    RequestFactory(FuzzValues values, TermPool pool, String runToken) {
        this.values = values;
        this.pool = pool;
        this.runToken = runToken;
    }

    RawHttp.Request next(ApiOperation operation) {
        List<String> notes = new ArrayList<>();
        String path = path(operation, notes);
        String query = query(operation, notes);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json, application/problem+json");
        credentials(operation, headers, notes);
        for (ApiOperation.Param header : operation.in("header")) {
            if (values.chance(0.5)) {
                headers.put(header.name(), headerValue(notes));
            }
        }
        byte[] body = null;
        boolean chunked = false;
        if (!operation.bodySchemas().isEmpty()) {
            Body generated = body(operation, notes);
            body = generated.bytes();
            chunked = generated.chunked();
            if (generated.contentType() != null) {
                headers.put("Content-Type", generated.contentType());
            }
        }
        return new RawHttp.Request(operation.method(), path + query, headers, body, chunked, String.join("; ", notes));
    }

    /** The spec path with its parameters filled, the way a validator will match it. */
    static String templatePath(ApiOperation operation) {
        return operation.path().replaceAll("\\{[^}]+}", "fuzz");
    }

    private String path(ApiOperation operation, List<String> notes) {
        String path = operation.path();
        for (ApiOperation.Param param : operation.in("path")) {
            String value = pathValue(operation, param, notes);
            path = path.replace("{" + param.name() + "}", value);
        }
        return path;
    }

    private String pathValue(ApiOperation operation, ApiOperation.Param param, List<String> notes) {
        boolean termSlug = operation.path().startsWith("/terms/");
        if (values.chance(0.55)) {
            if (termSlug) {
                notes.add(param.name() + " valid");
                return operation.mutates() ? pool.own(values) : pool.readable(values);
            }
            return encode(validValue(param.schema(), operation.mutates()));
        }
        if (values.chance(0.1)) {
            notes.add(param.name() + " broken percent-encoding");
            return values.pick(List.of("%", "%zz", "%C3", "%FF%FE", "a%2", "%00", "%u0041"));
        }
        String value = values.parameterText();
        // "." and ".." segments name another resource (RFC 3986 dot-segment removal), so the answer would
        // belong to another operation; a non-term id that might exist is never sent to a write.
        while (value.isEmpty() || value.equals(".") || value.equals("..")
                || (operation.mutates() && !termSlug && !MUTATION_SAFE_ID.matcher(value).matches())
                || TermPool.SEEDED.contains(value)) {
            value = values.parameterText();
        }
        notes.add(param.name() + " fuzzed");
        return inUrl(value, notes);
    }

    private String query(ApiOperation operation, List<String> notes) {
        List<String> pairs = new ArrayList<>();
        for (ApiOperation.Param param : operation.in("query")) {
            if (!param.required() && values.chance(0.45)) {
                continue;
            }
            boolean array = "array".equals(param.schema().path("type").asText());
            int repeats = array ? (values.chance(0.05) ? 101 : 1 + values.random().nextInt(3)) : 1;
            JsonNode itemSchema = array ? param.schema().path("items") : param.schema();
            for (int i = 0; i < repeats; i++) {
                if (repeats > 3 || values.chance(0.5)) {
                    pairs.add(param.name() + "=" + encode(validValue(itemSchema, operation.mutates())));
                } else if (values.chance(0.1)) {
                    notes.add(param.name() + " broken percent-encoding");
                    pairs.add(param.name() + "=" + values.pick(List.of("%", "%zz", "%C3", "%FF", "a%2")));
                } else {
                    notes.add(param.name() + " fuzzed");
                    pairs.add(param.name() + "=" + inUrl(values.parameterText(), notes));
                }
            }
        }
        if (values.chance(0.1)) {
            notes.add("unknown query parameter");
            pairs.add(inUrl(values.string(), notes) + "=" + inUrl(values.string(), notes));
        }
        // Whole pairs are dropped past the budget, for the same 4 KiB request-line limit.
        while (String.join("&", pairs).length() > 3000) {
            pairs.remove(pairs.size() - 1);
            notes.add("query cut to the request-line limit");
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private void credentials(ApiOperation operation, Map<String, String> headers, List<String> notes) {
        int roll = values.random().nextInt(100);
        int authorised = operation.secured() ? 75 : 20;
        String user = null;
        String password = TestUsers.PASSWORD;
        String raw = null;
        if (roll < authorised) {
            user = roll % 4 == 0 ? TestUsers.ADMIN : TestUsers.EDITOR;
        } else if (roll < authorised + 6) {
            user = TestUsers.EDITOR;
            password = cut(values.string(), 2000);
        } else if (roll < authorised + 10) {
            user = "nobody-" + values.token();
        } else if (roll < authorised + 14) {
            raw = values.pick(List.of("Basic", "Basic !!!", "Basic " + "QQ".repeat(2000), "Bearer " + values.token(),
                    "Basic " + Base64.getEncoder().encodeToString(cut(values.string(), 2000).getBytes(StandardCharsets.UTF_8)),
                    "Digest username=\"x\"", "Basic Og=="));
        }
        if (user != null) {
            raw = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        if (raw != null) {
            headers.put("Authorization", raw);
        }
        notes.add(user != null ? "as " + user + (password.equals(TestUsers.PASSWORD) ? "" : " with a wrong password")
                : raw != null ? "malformed credentials" : "anonymous");
    }

    private String headerValue(List<String> notes) {
        notes.add("conditional header");
        // Cut to 4,000 characters so that all headers together stay under Vert.x's 20 KiB limit,
        // past which it answers a bare 431 before any application code runs.
        String fuzzed = values.string().replaceAll("[\r\n]", "");
        return values.pick(List.of("*", "\"" + values.token() + "\"", "W/\"" + values.token() + "\"", "",
                cut(fuzzed, 4000), "\"a\", \"b\", *", "W/*", "\"", "x".repeat(8000)));
    }

    private record Body(byte[] bytes, String contentType, boolean chunked) {
    }

    private Body body(ApiOperation operation, List<String> notes) {
        String mediaType = operation.bodySchemas().keySet().iterator().next();
        JsonNode schema = operation.bodySchemas().get(mediaType);
        int mode = values.random().nextInt(100);
        if (mode < 30) {
            notes.add("valid body");
            return new Body(json(validObject(schema, operation)), mediaType, false);
        }
        if (mode < 60) {
            Map<String, Object> body = validObject(schema, operation);
            mutate(body, schema, notes);
            return new Body(json(body), mediaType, false);
        }
        if (mode < 75) {
            return brokenJson(schema, operation, mediaType, notes);
        }
        if (mode < 88) {
            return wrongContentType(schema, operation, notes);
        }
        return oversized(schema, operation, mediaType, notes);
    }

    private void mutate(Map<String, Object> body, JsonNode schema, List<String> notes) {
        List<String> fields = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(fields::add);
        for (int i = values.random().nextInt(3); i >= 0; i--) {
            int kind = values.random().nextInt(10);
            if (kind == 0 || fields.isEmpty()) {
                String unknown = values.chance(0.5) ? "unknownField" : values.string();
                body.put(unknown, values.jsonValue(0));
                notes.add("unknown field");
            } else {
                String field = values.pick(fields);
                if (kind == 1) {
                    body.remove(field);
                    notes.add(field + " missing");
                } else {
                    body.put(field, kind < 6 ? values.string() : values.jsonValue(0));
                    notes.add(field + " fuzzed");
                }
            }
        }
    }

    private Body brokenJson(JsonNode schema, ApiOperation operation, String mediaType, List<String> notes) {
        String valid = new String(json(validObject(schema, operation)), StandardCharsets.UTF_8);
        int kind = values.random().nextInt(12);
        notes.add("broken JSON #" + kind);
        byte[] bytes = switch (kind) {
            case 0 -> valid.substring(0, values.random().nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
            case 1 -> valid.replaceFirst("}$", ",}").getBytes(StandardCharsets.UTF_8);
            case 2 -> new byte[0];
            case 3 -> values.pick(List.of("null", "[]", "\"text\"", "42", "true", "[{}]", "{}")).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).getBytes(StandardCharsets.UTF_8);
            case 6 -> valid.replaceFirst("\\{", "{\"name\": \"dup\",").getBytes(StandardCharsets.UTF_8);
            case 7 -> ("\uFEFF" + valid).getBytes(StandardCharsets.UTF_8);
            case 8 -> invalidUtf8(valid);
            case 9 -> valid.replaceFirst("\\{", "{/* comment */").getBytes(StandardCharsets.UTF_8);
            case 10 -> valid.replace('"', '\'').getBytes(StandardCharsets.UTF_8);
            default -> valid.getBytes(StandardCharsets.UTF_16);
        };
        return new Body(bytes, mediaType, false);
    }

    private static byte[] invalidUtf8(String valid) {
        byte[] text = valid.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        System.arraycopy(text, 0, bytes, 0, 2);
        bytes[2] = (byte) 0xC3;
        bytes[3] = (byte) 0x28;
        bytes[4] = (byte) 0xFF;
        System.arraycopy(text, 2, bytes, 5, text.length - 2);
        return bytes;
    }

    private Body wrongContentType(JsonNode schema, ApiOperation operation, List<String> notes) {
        byte[] valid = json(validObject(schema, operation));
        String contentType = values.pick(List.of("text/plain", "application/xml", "multipart/form-data; boundary=fuzz",
                "application/x-www-form-urlencoded", "application/json; charset=latin1", "application/json; charset=utf-16",
                "!!!/???", "application/problem+json", "application/octet-stream", "text/html", "*/*", ""));
        notes.add("content type '" + contentType + "'");
        byte[] bytes = switch (contentType) {
            case "application/xml" -> "<term><name>x</name></term>".getBytes(StandardCharsets.UTF_8);
            case "multipart/form-data; boundary=fuzz" ->
                    "--fuzz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--fuzz--\r\n".getBytes(StandardCharsets.UTF_8);
            case "application/x-www-form-urlencoded" -> "name=x&shortDefinition=y&token=z".getBytes(StandardCharsets.UTF_8);
            default -> valid;
        };
        if (values.chance(0.2)) {
            notes.add("no Content-Type");
            return new Body(bytes, null, false);
        }
        return new Body(bytes, contentType, false);
    }

    private Body oversized(JsonNode schema, ApiOperation operation, String mediaType, List<String> notes) {
        Map<String, Object> body = validObject(schema, operation);
        String field = schema.path("properties").fieldNames().hasNext() ? schema.path("properties").fieldNames().next() : "padding";
        String base = new String(json(body), StandardCharsets.UTF_8);
        int padding = BODY_LIMIT + 1 - base.length() + values.random().nextInt(64);
        body.put(field, "x".repeat(Math.max(padding, 1) + String.valueOf(body.get(field)).length()));
        boolean chunked = values.chance(0.5);
        notes.add("body over 64 KiB" + (chunked ? ", chunked" : ""));
        return new Body(json(body), mediaType, chunked);
    }

    /** An object that satisfies the schema, with unique names and slugs, relating only to the fuzzer's own terms. */
    Map<String, Object> validObject(JsonNode schema, ApiOperation operation) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        schema.path("properties").fields().forEachRemaining(property -> {
            if (required.contains(property.getKey()) || values.chance(0.5)) {
                body.put(property.getKey(), validField(property.getKey(), property.getValue(), operation));
            }
        });
        return body;
    }

    private Object validField(String name, JsonNode schema, ApiOperation operation) {
        String id = runToken + "-" + (++counter);
        return switch (name) {
            case "name" -> "Fuzz " + id + (values.chance(0.5) ? " " + values.pick(List.of("Ñandú", "😀", "神经网络", "O'Brien", "a;b--c", "50%")) : "");
            case "slug" -> "fz-" + id;
            case "aliases" -> List.of("fz-alias-" + id);
            case "relatedSlugs" -> values.chance(0.5) ? List.of() : List.of(pool.own(values));
            case "exploreUrl" -> values.chance(0.3) ? null : "https://example.org/" + id;
            case "email" -> "fuzz+" + id + "@example.org";
            default -> {
                JsonNode resolved = schema;
                String type = resolved.path("type").asText();
                if (type.equals("array")) {
                    yield List.of(validScalar(resolved.path("items"), false));
                }
                yield validScalar(resolved, false);
            }
        };
    }

    private Object validScalar(JsonNode schema, boolean mutates) {
        String text = validValue(schema, mutates);
        String type = schema.path("type").asText();
        if (type.equals("integer")) {
            return Long.parseLong(text);
        }
        if (type.equals("boolean")) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }

    /** A value of the declared type within the declared bounds; ids that might name a real row are avoided in writes. */
    String validValue(JsonNode schema, boolean mutates) {
        if (schema.has("enum")) {
            List<String> options = new ArrayList<>();
            schema.path("enum").forEach(option -> options.add(option.asText()));
            return values.pick(options);
        }
        String type = schema.path("type").asText();
        String format = schema.path("format").asText();
        if (type.equals("integer") || type.equals("number")) {
            long min = schema.has("minimum") ? schema.path("minimum").asLong() : 0;
            long max = schema.has("maximum") ? schema.path("maximum").asLong() : min + 50;
            long value = min + (long) (values.random().nextDouble() * (max - min + 1));
            return mutates ? "-" + (1 + values.random().nextInt(1000)) : Long.toString(Math.min(value, max));
        }
        if (type.equals("boolean")) {
            return Boolean.toString(values.random().nextBoolean());
        }
        if (format.equals("uuid")) {
            return UUID.randomUUID().toString();
        }
        if (format.equals("email")) {
            return "fuzz+" + runToken + "-" + (++counter) + "@example.org";
        }
        if (schema.has("pattern")) {
            Pattern pattern = Pattern.compile(schema.path("pattern").asText());
            List<String> matching = PATTERN_CANDIDATES.stream().filter(c -> pattern.matcher(c).find()).toList();
            if (!matching.isEmpty()) {
                return values.pick(matching);
            }
        }
        return values.pick(List.of("fine", "learning", "ai", "fz-" + runToken, "Tra", "gpt"));
    }

    /**
     * Vert.x answers a request line over 4 KiB with a bare 414 before any application code runs (no
     * problem body can be given there), so URL values are cut to keep the line under it; bodies and
     * headers still carry the 10k-character strings.
     */
    private static String inUrl(String value, List<String> notes) {
        String encoded = encode(value);
        if (encoded.length() <= URL_VALUE_LIMIT) {
            return encoded;
        }
        notes.add("value cut to the URL limit");
        int end = value.offsetByCodePoints(0, Math.min(value.codePointCount(0, value.length()), URL_VALUE_LIMIT / 12));
        return encode(value.substring(0, end));
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Generated bodies are plain maps and lists", e);
        }
    }
}
