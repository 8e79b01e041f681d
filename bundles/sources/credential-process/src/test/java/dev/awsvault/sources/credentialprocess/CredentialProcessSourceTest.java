package dev.awsvault.sources.credentialprocess;

import dev.awsvault.testing.source.TestRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.core.Shell;

@DisabledOnOs(OS.WINDOWS)
class CredentialProcessSourceTest {
    static final String CANARY = "canary-SECRET-9f8e7d";
    /** Prints $OUT as it is: the secrets live in the environment, never in the command line. */
    static final String PRINT_OUT = "printf '%s' \"$OUT\"";

    final CredentialProcessSource source = new CredentialProcessSource();

    TestRequest request(String command, String out) {
        TestRequest r = new TestRequest(null).set("credential_process", command);
        if (out != null) {
            r.env.put("OUT", out);
        }
        return r;
    }

    AwsCredentials retrieve(TestRequest r) throws CredentialSourceException {
        return source.providerFor(r).orElseThrow().retrieve();
    }

    String fail(TestRequest r) {
        String m = assertThrows(CredentialSourceException.class, () -> retrieve(r)).getMessage();
        assertFalse(m.contains(CANARY), m);
        assertFalse(m.contains("\n"), m);
        return m;
    }

    @Test
    void appliesOnlyWithACommand() {
        assertEquals("credential_process", source.name());
        assertTrue(source.providerFor(new TestRequest(null)).isEmpty());
        assertTrue(source.providerFor(new TestRequest(null).set("credential_process", " ")).isEmpty());
    }

    @Test
    void happyPathInTheCallersEnvironmentOnly() throws Exception {
        String json = "{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS0001\", \"SecretAccessKey\": \"" + CANARY
                + "\", \"SessionToken\": \"tok-" + CANARY + "\", \"Expiration\": \"2031-02-03T04:05:06Z\","
                + " \"Extra\": {\"x\": [1, 2]}}\n";
        // the JVM's environment (HOME) must not leak into the process: only the request's environment
        assertTrue(System.getenv("HOME") != null);
        TestRequest r = request("[ -z \"$HOME\" ] && " + PRINT_OUT, json);
        AwsCredentials c = retrieve(r);
        assertEquals(AwsCredentials.of("ASIAPROCESS0001", CANARY, "tok-" + CANARY,
                Instant.parse("2031-02-03T04:05:06Z")), c);
    }

    @Test
    void fieldNamesMatchCaseInsensitivelyAndVersionIsIgnored() throws Exception {
        AwsCredentials c = retrieve(request(PRINT_OUT, "{\"Version\": 2, \"accesskeyid\": \"A\", \"SECRETACCESSKEY\":"
                + " \"S\", \"sessionToken\": \"T\", \"expiration\": \"2031-02-03T04:05:06.5+02:00\"}"));
        assertEquals(Instant.parse("2031-02-03T02:05:06.5Z"), c.expiration().orElseThrow());
    }

    @Test
    void allFourFieldsAreRequired() {
        String m = fail(request(PRINT_OUT, "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \""
                + CANARY + "\"}"));
        assertEquals("JSON credential from command \"printf '%s' \\\"$OUT\\\"\" missing the following fields:"
                + " [Expiration SessionToken]", m);
        m = fail(request(PRINT_OUT, "{\"SessionToken\": null}"));
        assertEquals("JSON credential from command \"printf '%s' \\\"$OUT\\\"\" missing the following fields:"
                + " [AccessKeyId Expiration SecretAccessKey SessionToken]", m);
        m = fail(request(PRINT_OUT, "null"));
        assertTrue(m.endsWith("[AccessKeyId Expiration SecretAccessKey SessionToken]"), m);
    }

    @Test
    void badOutputIsOneLineWithoutTheOutput() {
        String prefix = "invalid JSON credential from command \"printf '%s' \\\"$OUT\\\"\": ";
        assertTrue(fail(request(PRINT_OUT, "{\"a\": " + CANARY)).startsWith(prefix + "malformed JSON at line 1, column "));
        assertEquals(prefix + "the output is not a JSON object", fail(request(PRINT_OUT, "")));
        assertEquals(prefix + "the output is not a JSON object", fail(request(PRINT_OUT, "[\"" + CANARY + "\"]")));
        assertTrue(fail(request(PRINT_OUT, CANARY)).startsWith(prefix + "malformed JSON"));
        assertEquals(prefix + "field AccessKeyId is not a string", fail(request(PRINT_OUT,
                "{\"AccessKeyId\": 12, \"SecretAccessKey\": \"" + CANARY + "\"}")));
        String all = "{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"" + CANARY + "\", \"SessionToken\": \"T\","
                + " \"Expiration\": ";
        assertEquals(prefix + "Expiration is not an RFC 3339 time", fail(request(PRINT_OUT, all + "\"tomorrow\"}")));
        assertTrue(fail(request(PRINT_OUT, all + "\"2031-02-03T04:05:06Z\"} {" + CANARY))
                .startsWith(prefix), "trailing data");
    }

    @Test
    void nonZeroExit() {
        assertEquals("credential_process \"echo " + "$OUT; exit 3\" failed: exit status 3",
                fail(request("echo $OUT; exit 3", CANARY)));
    }

    @Test
    void aHangingProcessIsStopped() {
        long t0 = System.nanoTime();
        CredentialSourceException e = assertThrows(CredentialSourceException.class,
                () -> CredentialProcessSource.retrieve(request("sleep 60", null), "sleep 60", Duration.ofSeconds(1)));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 5);
        assertEquals("credential_process \"sleep 60\" did not finish within 1 seconds and was stopped",
                e.getMessage());
    }

    @Test
    void goQuoting() {
        assertEquals("\"a\\\"b\\\\c\\nd\\x01\"", Shell.quote("a\"b\\c\nd\u0001"));
    }
}
