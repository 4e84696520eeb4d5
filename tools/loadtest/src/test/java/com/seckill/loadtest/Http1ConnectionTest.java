package com.seckill.loadtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-written HTTP/1.1 client against the JDK's server and against raw sockets that misbehave on purpose. */
@Timeout(20)
class Http1ConnectionTest {

    private static final int TIMEOUT_MILLIS = 5_000;

    private final List<InetSocketAddress> remotes = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/fixed", exchange -> {
            remotes.add(exchange.getRemoteAddress());
            answer(exchange, 200, exchange.getRequestURI().getPath() + " for " + exchange.getRequestMethod());
        });
        server.createContext("/chunked", exchange -> {
            remotes.add(exchange.getRemoteAddress());
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < 3; i++) {
                    body.write(("part-" + i + ";").getBytes(StandardCharsets.UTF_8));
                    body.flush();
                }
                body.write("x".repeat(20_000).getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/echo", exchange -> {
            remotes.add(exchange.getRemoteAddress());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestHeaders().getFirst("Content-Length") + "|"
                    + exchange.getRequestHeaders().getFirst("Content-Type") + "|" + body);
            answer(exchange, 201, "got " + body);
        });
        server.createContext("/problem", exchange -> {
            remotes.add(exchange.getRemoteAddress());
            answer(exchange, 409, "{\"status\":409,\"code\":\"SOLD_OUT\"}");
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void readsAContentLengthAnswer() throws IOException {
        try (Http1Connection connection = connect()) {
            assertThat(connection.exchange("GET", "/fixed/a", Map.of(), null))
                    .isEqualTo(new Http1Connection.Response(200, "/fixed/a for GET"));
            assertThat(connection.exchange("GET", "/problem", Map.of(), null))
                    .isEqualTo(new Http1Connection.Response(409, "{\"status\":409,\"code\":\"SOLD_OUT\"}"));
        }
    }

    @Test
    void readsAChunkedAnswerAndKeepsTheConnectionUsable() throws IOException {
        try (Http1Connection connection = connect()) {
            Http1Connection.Response chunked = connection.exchange("GET", "/chunked", Map.of(), null);
            assertThat(chunked.status()).isEqualTo(200);
            assertThat(chunked.body()).isEqualTo("part-0;part-1;part-2;" + "x".repeat(20_000));

            // The terminating chunk and its CRLF were consumed: the next answer starts clean.
            assertThat(connection.exchange("GET", "/fixed/after", Map.of(), null))
                    .isEqualTo(new Http1Connection.Response(200, "/fixed/after for GET"));
        }
        assertThat(remotes).hasSize(2).containsOnly(remotes.get(0));
    }

    @Test
    void sendsSeveralRequestsOverOneKeptAliveConnection() throws IOException {
        try (Http1Connection connection = connect()) {
            for (int i = 0; i < 5; i++) {
                assertThat(connection.exchange("GET", "/fixed/" + i, Map.of(), null).body())
                        .isEqualTo("/fixed/" + i + " for GET");
            }
            connection.exchange("POST", "/echo", Map.of("Content-Type", "application/json"), "{}");
            connection.exchange("GET", "/chunked", Map.of(), null);
        }
        assertThat(remotes).hasSize(7);
        assertThat(remotes.stream().distinct()).as("one client port: one TCP connection").hasSize(1);
    }

    @Test
    void postsTheBodyIntactWithItsByteLength() throws IOException {
        String json = "{\"quantity\":1,\"note\":\"Grüße, 5 €\"}";
        try (Http1Connection connection = connect()) {
            Http1Connection.Response response = connection.exchange("POST", "/echo",
                    Map.of("Content-Type", "application/json", "Authorization", "Bearer abc"), json);

            assertThat(response).isEqualTo(new Http1Connection.Response(201, "got " + json));
            // An empty body still says so, or the server would wait for one.
            assertThat(connection.exchange("POST", "/echo", Map.of(), "")).isEqualTo(new Http1Connection.Response(201, "got "));
        }
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isGreaterThan(json.length());
        assertThat(received).containsExactly(bytes + "|application/json|" + json, "0|null|");
    }

    @Test
    void reconnectsOnceWhenTheServerClosedTheIdleConnection() throws Exception {
        try (RawServer raw = new RawServer(RawServer.Mode.ANSWER_THEN_CLOSE);
             Http1Connection connection = new Http1Connection("127.0.0.1", raw.port(), TIMEOUT_MILLIS)) {
            assertThat(connection.exchange("GET", "/first", Map.of(), null))
                    .isEqualTo(new Http1Connection.Response(200, "answer 1 to GET /first"));
            raw.awaitClosed(1);

            assertThat(connection.exchange("POST", "/second", Map.of(), "{}"))
                    .isEqualTo(new Http1Connection.Response(200, "answer 2 to POST /second"));
            assertThat(raw.connections()).isEqualTo(2);
            assertThat(raw.requests()).containsExactly("GET /first HTTP/1.1", "POST /second HTTP/1.1");
        }
    }

    @Test
    void opensANewConnectionAfterAnAnswerThatSaysConnectionClose() throws Exception {
        try (RawServer raw = new RawServer(RawServer.Mode.ANSWER_CONNECTION_CLOSE);
             Http1Connection connection = new Http1Connection("127.0.0.1", raw.port(), TIMEOUT_MILLIS)) {
            assertThat(connection.exchange("GET", "/a", Map.of(), null).body()).isEqualTo("answer 1 to GET /a");
            assertThat(connection.exchange("GET", "/b", Map.of(), null).body()).isEqualTo("answer 2 to GET /b");

            // No request was written into the closed connection: each was sent exactly once.
            assertThat(raw.requests()).containsExactly("GET /a HTTP/1.1", "GET /b HTTP/1.1");
            assertThat(raw.connections()).isEqualTo(2);
        }
    }

    @Test
    void readsAnAnswerWithoutLengthUntilTheServerCloses() throws Exception {
        try (RawServer raw = new RawServer(RawServer.Mode.ANSWER_UNTIL_EOF);
             Http1Connection connection = new Http1Connection("127.0.0.1", raw.port(), TIMEOUT_MILLIS)) {
            assertThat(connection.exchange("GET", "/stream", Map.of(), null))
                    .isEqualTo(new Http1Connection.Response(200, "answer 1 to GET /stream"));
            assertThat(connection.exchange("GET", "/again", Map.of(), null).body()).isEqualTo("answer 2 to GET /again");
            assertThat(raw.connections()).isEqualTo(2);
        }
    }

    @Test
    void aFreshConnectionClosedBeforeAnyAnswerFailsWithoutSendingTwice() throws Exception {
        try (RawServer raw = new RawServer(RawServer.Mode.CLOSE_WITHOUT_ANSWER);
             Http1Connection connection = new Http1Connection("127.0.0.1", raw.port(), TIMEOUT_MILLIS)) {
            assertThatThrownBy(() -> connection.exchange("POST", "/orders", Map.of(), "{}"))
                    .isInstanceOf(EOFException.class).hasMessageContaining("before it answered");
            assertThat(raw.connections()).isEqualTo(1);
        }
    }

    @Test
    void aServerThatNeverAnswersFailsWithinTheTimeout() throws Exception {
        int timeoutMillis = 500;
        try (RawServer raw = new RawServer(RawServer.Mode.NEVER_ANSWER);
             Http1Connection connection = new Http1Connection("127.0.0.1", raw.port(), timeoutMillis)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> connection.exchange("GET", "/slow", Map.of(), null))
                    .isInstanceOf(SocketTimeoutException.class);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(timeoutMillis - 50))
                    .isLessThan(Duration.ofMillis(timeoutMillis * 6L));
        }
    }

    @Test
    void aRefusedConnectionIsAnIOException() throws IOException {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }
        try (Http1Connection connection = new Http1Connection("127.0.0.1", freePort, 500)) {
            assertThatThrownBy(() -> connection.exchange("GET", "/", Map.of(), null)).isInstanceOf(IOException.class);
        }
    }

    private Http1Connection connect() {
        return new Http1Connection("127.0.0.1", server.getAddress().getPort(), TIMEOUT_MILLIS);
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** One connection at a time on a plain socket, misbehaving in the way its mode says. */
    private static final class RawServer implements AutoCloseable {

        enum Mode { ANSWER_THEN_CLOSE, ANSWER_CONNECTION_CLOSE, ANSWER_UNTIL_EOF, CLOSE_WITHOUT_ANSWER, NEVER_ANSWER }

        private final Mode mode;
        private final ServerSocket listener;
        private final Thread thread;
        private final AtomicInteger connections = new AtomicInteger();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final Semaphore closed = new Semaphore(0);
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        RawServer(Mode mode) throws IOException {
            this.mode = mode;
            this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            this.thread = new Thread(this::serve, "raw-server-" + mode);
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        List<String> requests() {
            return requests;
        }

        /** Waits until the server has closed {@code count} connections, or fails after a deadline. */
        void awaitClosed(int count) throws InterruptedException {
            assertThat(closed.tryAcquire(count, 10, TimeUnit.SECONDS)).as("server closed the connection").isTrue();
        }

        private void serve() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    int n = connections.incrementAndGet();
                    String requestLine = readHead(socket.getInputStream());
                    requests.add(requestLine);
                    if (mode == Mode.NEVER_ANSWER) {
                        held.add(socket);
                        continue;
                    }
                    String body = "answer " + n + " to " + requestLine.substring(0, requestLine.lastIndexOf(' '));
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    OutputStream out = socket.getOutputStream();
                    switch (mode) {
                        case ANSWER_THEN_CLOSE -> out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + bytes.length
                                + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                        case ANSWER_CONNECTION_CLOSE -> out.write(("HTTP/1.1 200 OK\r\nConnection: close\r\n"
                                + "Content-Length: " + bytes.length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                        case ANSWER_UNTIL_EOF -> out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body)
                                .getBytes(StandardCharsets.UTF_8));
                        default -> { }
                    }
                    out.flush();
                    socket.close();
                    closed.release();
                } catch (SocketException listenerClosed) {
                    return;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        /** The request line; reads the head and a Content-Length body so closing never resets the connection. */
        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException("client closed before a full request head");
                }
                head.write(c);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            for (String line : lines) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()));
                }
            }
            return lines[0];
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
