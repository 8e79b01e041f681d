package dev.awsvault.sources.credentialprocess;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.api.source.SourceRequest;
import dev.awsvault.core.Shell;

/**
 * {@code credential_process} (the original's {@code CredentialProcessProvider}): runs the command in the caller's
 * environment and reads STS-style JSON credentials from its stdout. As the original, all four of
 * {@code AccessKeyId}, {@code Expiration}, {@code SecretAccessKey} and {@code SessionToken} are required, field names
 * match case-insensitively (Go's {@code encoding/json}) and {@code Version} is ignored. Errors never echo the output,
 * which may hold secrets. No caching here: the core wraps this in the session cache.
 */
@Component(service = CredentialSource.class, property = {
        CredentialSource.NAME + "=" + CredentialSource.CREDENTIAL_PROCESS,
        CredentialSource.KIND + "=" + CredentialSource.KIND_BASE,
        "service.ranking:Integer=100" })
public final class CredentialProcessSource implements CredentialSource {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] FIELDS = { "AccessKeyId", "Expiration", "SecretAccessKey", "SessionToken" };

    @Override
    public String name() {
        return CREDENTIAL_PROCESS;
    }

    @Override
    public Optional<CredentialProvider> providerFor(SourceRequest request) {
        return request.value("credential_process").filter(c -> !c.isBlank())
                .map(command -> () -> retrieve(request, command, Shell.TIMEOUT));
    }

    static AwsCredentials retrieve(SourceRequest request, String command, Duration timeout)
            throws CredentialSourceException {
        byte[] out = Shell.run("credential_process", command, request.environment(), timeout);
        return parse(command, out);
    }

    /** The credentials in {@code json}; {@code command} only names the source in errors. */
    static AwsCredentials parse(String command, byte[] json) throws CredentialSourceException {
        String[] values = new String[FIELDS.length];
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.VALUE_NULL) {
                throw invalid(command, "the output is not a JSON object");
            }
            // Go decodes a top-level null into an empty struct: all fields missing
            for (JsonToken t = first == JsonToken.VALUE_NULL ? JsonToken.END_OBJECT : p.nextToken();
                    t != JsonToken.END_OBJECT; t = p.nextToken()) {
                int i = field(p.currentName());
                JsonToken v = p.nextToken();
                if (i < 0 || v == JsonToken.VALUE_NULL) {
                    p.skipChildren();
                } else if (v == JsonToken.VALUE_STRING) {
                    values[i] = p.getText();
                } else {
                    throw invalid(command, "field " + FIELDS[i] + " is not a string");
                }
            }
            if (p.nextToken() != null) {
                throw invalid(command, "unexpected data after the JSON object");
            }
        } catch (IOException e) {
            // the parser's own message quotes the output: say only where it went wrong
            throw invalid(command, "malformed JSON" + (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    && jpe.getLocation() != null ? " at line " + jpe.getLocation().getLineNr() + ", column "
                    + jpe.getLocation().getColumnNr() : ""));
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < FIELDS.length; i++) {
            if (values[i] == null) {
                missing.add(FIELDS[i]);
            }
        }
        if (!missing.isEmpty()) {
            throw new CredentialSourceException("JSON credential from command " + Shell.quote(command)
                    + " missing the following fields: [" + String.join(" ", missing) + "]");
        }
        Instant expiration;
        try {
            expiration = OffsetDateTime.parse(values[1]).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(command, "Expiration is not an RFC 3339 time");
        }
        return AwsCredentials.of(values[0], values[2], values[3], expiration);
    }

    private static int field(String name) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    private static CredentialSourceException invalid(String command, String why) {
        return new CredentialSourceException("invalid JSON credential from command " + Shell.quote(command) + ": "
                + why);
    }
}
