package dev.glossary.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket. Ordinary clients refuse to send what a fuzzer must: broken
 * percent-encoding, raw bytes in the request line, bodies that lie about their type.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 15_000;

    /** Everything the server receives, byte for byte; target is the raw request-target. */
    record Request(String method, String target, Map<String, String> headers, byte[] body, boolean chunked,
            String note) {

        String describe() {
            StringBuilder text = new StringBuilder(method).append(' ').append(excerpt(target, 300));
            headers.forEach((name, value) -> text.append("\n    ").append(name).append(": ").append(excerpt(value, 120)));
            if (body != null) {
                text.append("\n    body (").append(body.length).append(" bytes").append(chunked ? ", chunked" : "")
                        .append("): ").append(excerpt(new String(body, StandardCharsets.UTF_8), 200));
            }
            return text.append("\n    [").append(note).append(']').toString();
        }
    }

    record Response(int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;

    RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Response send(Request request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            write(head, request.method() + " " + request.target() + " HTTP/1.1\r\n");
            write(head, "Host: " + host + ":" + port + "\r\nConnection: close\r\n");
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                // Header values go out as UTF-8 bytes on purpose: non-Latin-1 headers are part of the fuzz.
                write(head, header.getKey() + ": " + header.getValue() + "\r\n");
            }
            if (request.body() != null) {
                write(head, request.chunked() ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + request.body().length + "\r\n");
            }
            write(head, "\r\n");
            try {
                out.write(head.toByteArray());
                if (request.body() != null) {
                    writeBody(out, request);
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before reading an oversized body; its answer is what counts.
            }
            return read(socket.getInputStream());
        }
    }

    private static void writeBody(OutputStream out, Request request) throws IOException {
        if (!request.chunked()) {
            out.write(request.body());
            return;
        }
        byte[] body = request.body();
        for (int offset = 0; offset < body.length; offset += 8192) {
            int length = Math.min(8192, body.length - offset);
            write(out, Integer.toHexString(length) + "\r\n");
            out.write(body, offset, length);
            write(out, "\r\n");
        }
        write(out, "0\r\n\r\n");
    }

    private static Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) {
            throw new IOException("No complete HTTP response head in " + all.length + " bytes: "
                    + excerpt(new String(all, StandardCharsets.ISO_8859_1), 200));
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int position = 0;
        byte[] crlf = {'\r', '\n'};
        while (position < chunked.length) {
            int lineEnd = indexOf(chunked, crlf, position);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, position, lineEnd - position, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    static String excerpt(String text, int max) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(max).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                shown.append(String.format("\\u%04x", cp));
            } else {
                shown.appendCodePoint(cp);
            }
        });
        return text.length() > max ? shown + "…(" + text.length() + " chars)" : shown.toString();
    }
}
