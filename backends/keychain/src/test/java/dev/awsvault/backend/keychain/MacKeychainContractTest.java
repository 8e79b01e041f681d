package dev.awsvault.backend.keychain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.testing.keystore.KeystoreContract;

/**
 * The contract against the real Keychain Services, in a throw-away keychain file made (with a password, so without a
 * dialog) by the {@code security} tool for each test. Items are written with the default ACL even when they ask for
 * none (see {@link KeychainKeystore}): an untrusting item would show a dialog at every read, and CI has nobody to
 * answer it. The layout is checked with {@code security find-generic-password}, which prints attributes only.
 */
@EnabledOnOs(OS.MAC)
class MacKeychainContractTest extends KeystoreContract {
    private static final String PASSWORD = "awsvault-test-password";
    private String keychain;

    @BeforeEach
    void createKeychain() throws Exception {
        keychain = "awsvault-test-" + UUID.randomUUID().toString().substring(0, 8) + ".keychain";
        security("create-keychain", "-p", PASSWORD, keychain);
        security("set-keychain-settings", keychain); // no auto-lock during the test
        security("unlock-keychain", "-p", PASSWORD, keychain);
    }

    @AfterEach
    void deleteKeychain() throws Exception {
        security("delete-keychain", keychain);
    }

    @Override
    protected Keystore open() {
        return new KeychainKeystore(NativeKeychainServices::shared, keychain, false);
    }

    @Test
    void itemsHaveTheOriginalsAttributes() throws Exception {
        try (Keystore ks = open()) {
            ks.set(new KeystoreItem("work", "{}".getBytes(StandardCharsets.UTF_8), "aws-vault (work)",
                    "a description", true, false));
        }
        String attributes = security("find-generic-password", "-s", "aws-vault", "-a", "work", keychain);
        assertTrue(attributes.contains("class: \"genp\""), attributes);
        assertTrue(attributes.contains("\"svce\"<blob>=\"aws-vault\""), attributes);
        assertTrue(attributes.contains("\"acct\"<blob>=\"work\""), attributes);
        assertTrue(attributes.contains("\"desc\"<blob>=\"a description\""), attributes);
        assertTrue(attributes.contains("=\"aws-vault (work)\""), attributes);
    }

    @Test
    void itemsWrittenElsewhereInTheOriginalsLayoutAreRead() throws Exception {
        // -A: any application may read it, so this process reads it without a dialog
        security("add-generic-password", "-A", "-s", "aws-vault", "-a", "home", "-l", "aws-vault (home)",
                "-w", "{\"AccessKeyID\":\"AKIAEXAMPLE\"}", keychain);
        try (Keystore ks = open()) {
            assertEquals(List.of("home"), ks.keys());
            KeystoreItem item = ks.get("home").orElseThrow();
            assertEquals("{\"AccessKeyID\":\"AKIAEXAMPLE\"}", new String(item.data(), StandardCharsets.UTF_8));
            assertEquals("aws-vault (home)", item.label());
        }
    }

    private static String security(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/security"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "security " + args[0] + " timed out");
        assertEquals(0, process.exitValue(), "security " + String.join(" ", args) + ": " + output);
        return output;
    }
}
