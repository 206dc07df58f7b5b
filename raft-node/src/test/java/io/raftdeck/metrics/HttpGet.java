package io.raftdeck.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Plain HTTP GETs on loopback with a deadline, for the metrics listener's tests here and in
 * other modules (published in the test-jar).
 */
public final class HttpGet {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** An answer: its status code and body. */
    public record Answer(int code, String body) {
    }

    private HttpGet() {
    }

    /** GET {@code pathAndQuery} on 127.0.0.1:{@code port}; no answer fails the test. */
    public static Answer get(int port, String pathAndQuery) {
        return tryGet(port, pathAndQuery).orElseThrow(() -> new AssertionError(
                "no answer from 127.0.0.1:" + port + pathAndQuery));
    }

    /** GET {@code pathAndQuery}, or empty when nothing answers (not listening yet, or gone). */
    public static Optional<Answer> tryGet(int port, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = CLIENT.send(request,
                    HttpResponse.BodyHandlers.ofString());
            return Optional.of(new Answer(response.statusCode(), response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
