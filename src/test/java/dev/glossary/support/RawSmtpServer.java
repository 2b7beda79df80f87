package dev.glossary.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An SMTP server on 127.0.0.1 that accepts every mail and keeps it byte for byte as it arrived
 * (dot-unstuffed), so that a test can check what a receiving MTA would see, signatures included.
 */
public final class RawSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final ExecutorService sessions = Executors.newCachedThreadPool();
    private final List<byte[]> messages = new CopyOnWriteArrayList<>();

    private RawSmtpServer(ServerSocket socket) {
        this.socket = socket;
    }

    public static RawSmtpServer start() throws IOException {
        RawSmtpServer server = new RawSmtpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        server.sessions.submit(server::accept);
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The first mail received that matches, waiting up to {@code limit} for it. */
    public byte[] await(Predicate<String> matches, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            for (byte[] message : messages) {
                if (matches.test(new String(message, StandardCharsets.UTF_8))) {
                    return message;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no matching mail within " + limit + "; received " + messages.size());
    }

    @Override
    public void close() throws IOException {
        socket.close();
        sessions.shutdownNow();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                sessions.submit(() -> converse(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) {
        try (client; InputStream in = new BufferedInputStream(client.getInputStream()); OutputStream out = client.getOutputStream()) {
            reply(out, "220 raw-smtp.test ESMTP");
            String line;
            while ((line = readLine(in)) != null) {
                String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-raw-smtp.test\r\n250-8BITMIME\r\n250 SIZE 10485760");
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        messages.add(readData(in));
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "250 OK"); // HELO, MAIL, RCPT, RSET, NOOP
                }
            }
        } catch (IOException dropped) {
            // the client went away; what it completed is kept
        }
    }

    /** The message up to the line holding only ".", with CRLFs kept and leading dots unstuffed. */
    public static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        String line;
        while ((line = readLine(in)) != null && !line.equals(".")) {
            message.writeBytes((line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1));
            message.writeBytes(new byte[] {'\r', '\n'});
        }
        return message.toByteArray();
    }

    /** One line without its CRLF, its bytes kept as ISO-8859-1 characters; null at the end of the stream. */
    public static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    public static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
