package dev.awsvault.commands;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;

/**
 * The federation endpoint's {@code Action=getSigninToken} ({@code cli/login.go} {@code requestSigninToken}): a GET
 * with the credentials as JSON in {@code Session}, answered {@code {"SigninToken":"…"}}. Java's HTTP client, with the
 * AWS clients' connect and read timeouts and no redirects. Messages never contain the credentials or the token.
 */
final class SigninTokens {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<Integer, String> STATUS_TEXT = Map.ofEntries(Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final Duration connectTimeout;
    private final Duration readTimeout;

    SigninTokens(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * Asks for a sign-in token.
     *
     * @param sessionDurationSeconds the console session's length ({@code SessionDuration}), or 0 to send none
     */
    String request(FederationUrls urls, AwsCredentials credentials, long sessionDurationSeconds, Consumer<String> debug) {
        URI uri = URI.create(urls.signinTokenRequest(sessionJson(credentials), sessionDurationSeconds));
        HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade offer on plain-http endpoints (tests)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(readTimeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw failed("no answer from " + urls.federation() + " within the timeout");
        } catch (ConnectException e) {
            throw failed("cannot connect to " + urls.federation());
        } catch (IOException e) {
            throw failed("request to " + urls.federation() + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted");
        }
        if (response.statusCode() != 200) {
            debug.accept("Response body was " + oneLine(response.body()));
            int status = response.statusCode();
            throw new AwsVaultException("Call to getSigninToken failed with " + status
                    + (STATUS_TEXT.containsKey(status) ? " " + STATUS_TEXT.get(status) : ""));
        }
        return signinToken(response.body());
    }

    /** {@code {"sessionId":…,"sessionKey":…,"sessionToken":…}} as Go's {@code json.Marshal} of the original's map. */
    static String sessionJson(AwsCredentials c) {
        return "{\"sessionId\":" + goString(c.accessKeyId()) + ",\"sessionKey\":" + goString(c.secretAccessKey())
                + ",\"sessionToken\":" + goString(c.sessionToken().orElse("")) + "}";
    }

    /** The {@code SigninToken} member of the answer. */
    static String signinToken(String body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AwsVaultException("Expected a response with SigninToken");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("SigninToken") && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            throw new AwsVaultException("getSigninToken answered with invalid JSON");
        }
        throw new AwsVaultException("Expected a response with SigninToken");
    }

    /** A JSON string as Go writes it: {@code <}, {@code >}, {@code &} and control characters escaped. */
    static String goString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static AwsVaultException failed(String why) {
        return new AwsVaultException("Call to getSigninToken failed: " + why);
    }

    private static String oneLine(String s) {
        String line = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
