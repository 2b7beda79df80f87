package dev.glossary.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** One operation of the served OpenAPI document, with its $refs resolved: what the fuzzer needs to call it. */
record ApiOperation(String method, String path, List<Param> parameters, Map<String, JsonNode> bodySchemas,
        boolean secured) {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    record Param(String name, String in, boolean required, JsonNode schema) {
    }

    String key() {
        return method + " " + path;
    }

    boolean mutates() {
        return !method.equals("GET");
    }

    List<Param> in(String location) {
        return parameters.stream().filter(p -> p.in().equals(location)).toList();
    }

    static List<ApiOperation> all(JsonNode spec) {
        List<ApiOperation> operations = new ArrayList<>();
        boolean globallySecured = spec.path("security").size() > 0;
        spec.path("paths").fields().forEachRemaining(pathEntry -> {
            JsonNode pathItem = pathEntry.getValue();
            for (Iterator<Map.Entry<String, JsonNode>> it = pathItem.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                JsonNode operation = entry.getValue();
                List<Param> parameters = new ArrayList<>();
                for (JsonNode source : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
                    for (JsonNode p : source) {
                        JsonNode param = resolve(spec, p);
                        parameters.add(new Param(param.path("name").asText(), param.path("in").asText(),
                                param.path("required").asBoolean(false), resolve(spec, param.path("schema"))));
                    }
                }
                Map<String, JsonNode> bodies = new LinkedHashMap<>();
                resolve(spec, operation.path("requestBody")).path("content").fields()
                        .forEachRemaining(c -> bodies.put(c.getKey(), resolve(spec, c.getValue().path("schema"))));
                boolean secured = operation.has("security") ? operation.path("security").size() > 0 : globallySecured;
                operations.add(new ApiOperation(entry.getKey().toUpperCase(Locale.ROOT), pathEntry.getKey(),
                        parameters, bodies, secured));
            }
        });
        operations.sort(Comparator.comparing(ApiOperation::path).thenComparing(ApiOperation::method));
        return operations;
    }

    /** Follows a local "#/components/..." reference, once per level; schemas here are not recursive. */
    static JsonNode resolve(JsonNode spec, JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
            current = spec.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }
}
