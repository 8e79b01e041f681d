package dev.awsvault.backend.file;

import static dev.awsvault.backend.file.TestSupport.item;
import static dev.awsvault.backend.file.TestSupport.nimbusDecrypt;
import static dev.awsvault.backend.file.TestSupport.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.PasswordBasedEncrypter;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreException;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.api.keystore.WrongPassphraseException;
import dev.awsvault.keystore.json.ItemJson;

/** What we write is standard JOSE (nimbus-jose-jwt reads it) and what nimbus writes in this flavour we read. */
class NimbusInteropTest {
    private static final String PASS = "correct horse battery staple";
    private static final String GO_TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})? [+-]\\d{4} \\S+ m=\\+\\d+\\.\\d{9}";

    @TempDir
    Path tmp;

    private Keystore open(String passphrase) {
        return new FileKeystoreBackend().open(FakeContext.withEnvPassphrase(tmp, tmp.resolve("keys"), passphrase));
    }

    private String nimbusEncrypt(JWEHeader header, byte[] payload, int iterations) throws Exception {
        JWEObject jwe = new JWEObject(header, new Payload(payload));
        jwe.encrypt(new PasswordBasedEncrypter(PASS, 12, iterations));
        return jwe.serialize();
    }

    private static JWEHeader.Builder originalFlavour() {
        return new JWEHeader.Builder(JWEAlgorithm.PBES2_HS256_A128KW, EncryptionMethod.A256GCM);
    }

    @Test
    void nimbusDecryptsWhatWeWrite() throws Exception {
        KeystoreItem item = new KeystoreItem("oidc:https://x.awsapps.com/start", "{\"Token\":{}}".getBytes(),
                "aws-vault oidc token for https://x.awsapps.com/start", "aws-vault oidc token", false, true);
        open(PASS).set(item);
        Path file = tmp.resolve("keys/oidc:https:%2F%2Fx.awsapps.com%2Fstart");
        byte[] plaintext = nimbusDecrypt(file, PASS);
        assertArrayEquals(ItemJson.encode(item), plaintext);
        assertEquals(item, ItemJson.decode(plaintext, item.key()));
    }

    @Test
    void compactSerializationAndHeaderAreTheOriginals() throws Exception {
        open(PASS).set(item("home", "{}"));
        String token = TestSupport.read(tmp.resolve("keys/home"));
        assertEquals(5, token.split("\\.", -1).length);
        assertTrue(token.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+){4}"), "base64url without padding or newline");

        String header = TestSupport.headerJson(token);
        assertTrue(header.matches("\\{\"alg\":\"PBES2-HS256\\+A128KW\",\"created\":\"" + GO_TIME
                + "\",\"enc\":\"A256GCM\",\"p2c\":8192,\"p2s\":\"[A-Za-z0-9_-]{16}\"}"), header);

        JWEHeader parsed = JWEObject.parse(token).getHeader();
        assertEquals(JWEAlgorithm.PBES2_HS256_A128KW, parsed.getAlgorithm());
        assertEquals(EncryptionMethod.A256GCM, parsed.getEncryptionMethod());
        assertEquals(8192, parsed.getPBES2Count());
        assertEquals(12, parsed.getPBES2Salt().decode().length);
        String[] parts = token.split("\\.");
        assertEquals(40, Base64.getUrlDecoder().decode(parts[1]).length, "AES key wrap of a 32-byte CEK");
        assertEquals(12, Base64.getUrlDecoder().decode(parts[2]).length, "IV");
        assertEquals(16, Base64.getUrlDecoder().decode(parts[4]).length, "tag");
    }

    @Test
    void everyWriteUsesFreshSaltKeyAndIv() throws Exception {
        Keystore store = open(PASS);
        store.set(item("a", "{}"));
        store.set(item("b", "{}"));
        String[] a = TestSupport.read(tmp.resolve("keys/a")).split("\\.");
        String[] b = TestSupport.read(tmp.resolve("keys/b")).split("\\.");
        for (int i = 1; i < 3; i++) {
            assertFalse(a[i].equals(b[i]), "part " + i);
        }
        assertFalse(java.util.Arrays.equals(JweCodec.headerOf(a[0] + ".x.x.x.x").p2s(),
                JweCodec.headerOf(b[0] + ".x.x.x.x").p2s()));
    }

    @Test
    void weReadWhatNimbusWrites() throws Exception {
        KeystoreItem item = item("work/admin", TestSupport.WORK_CREDS);
        Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(tmp.resolve("keys/work%2Fadmin"),
                nimbusEncrypt(originalFlavour().build(), ItemJson.encode(item), 8192));
        assertEquals(item, open(PASS).get("work/admin").orElseThrow());
    }

    @Test
    void weReadDeflatedContentAsJose2goDoes() throws Exception {
        KeystoreItem item = item("zipped", TestSupport.HOME_CREDS);
        Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(tmp.resolve("keys/zipped"), nimbusEncrypt(
                originalFlavour().compressionAlgorithm(CompressionAlgorithm.DEF).build(), ItemJson.encode(item), 8192));
        assertEquals(item, open(PASS).get("zipped").orElseThrow());
    }

    @Test
    void acceptsTheLargestAllowedIterationCount() throws Exception {
        KeystoreItem item = item("slow", "{}");
        Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(tmp.resolve("keys/slow"),
                nimbusEncrypt(originalFlavour().build(), ItemJson.encode(item), JweCodec.MAX_ITERATIONS));
        assertEquals(item, open(PASS).get("slow").orElseThrow());
    }

    @Test
    void refusesAnIterationCountAboveTheLimit() throws Exception {
        open(PASS).set(item("home", "{}"));
        Path file = tmp.resolve("keys/home");
        String token = TestSupport.read(file);
        String header = TestSupport.headerJson(token).replace("\"p2c\":8192", "\"p2c\":1300001");
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(
                StandardCharsets.UTF_8)) + token.substring(token.indexOf('.')));
        KeystoreException e = assertThrows(KeystoreException.class, () -> open(PASS).get("home"));
        assertFalse(e instanceof WrongPassphraseException);
        assertEquals("cannot read \"home\" from the file keystore: the JWE iteration count p2c=1300001 exceeds the "
                + "limit of 1300000", e.getMessage());
    }

    @Test
    void refusesOtherAlgorithmsWithAClearError() throws Exception {
        Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(tmp.resolve("keys/hs512"), nimbusEncrypt(
                new JWEHeader.Builder(JWEAlgorithm.PBES2_HS512_A256KW, EncryptionMethod.A256GCM).build(),
                ItemJson.encode(item("hs512", "{}")), 8192));
        Files.writeString(tmp.resolve("keys/a128"), nimbusEncrypt(
                new JWEHeader.Builder(JWEAlgorithm.PBES2_HS256_A128KW, EncryptionMethod.A128GCM).build(),
                ItemJson.encode(item("a128", "{}")), 8192));
        Keystore store = open(PASS);
        KeystoreException alg = assertThrows(KeystoreException.class, () -> store.get("hs512"));
        assertEquals("cannot read \"hs512\" from the file keystore: unsupported JWE key management algorithm "
                + "\"PBES2-HS512+A256KW\" (only PBES2-HS256+A128KW is supported)", alg.getMessage());
        KeystoreException enc = assertThrows(KeystoreException.class, () -> store.get("a128"));
        assertEquals("cannot read \"a128\" from the file keystore: unsupported JWE content encryption \"A128GCM\" "
                + "(only A256GCM is supported)", enc.getMessage());
    }

    @Test
    void nimbusItemWithAnotherPassphraseIsAWrongPassphrase() throws Exception {
        Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(tmp.resolve("keys/x"), nimbusEncrypt(originalFlavour().build(),
                ItemJson.encode(item("x", "{}")), 8192));
        KeystoreException e = assertThrows(KeystoreException.class, () -> open("other").get("x"));
        assertInstanceOf(WrongPassphraseException.class, e);
        assertEquals("{}", text(open(PASS).get("x").orElseThrow().data()));
    }
}
