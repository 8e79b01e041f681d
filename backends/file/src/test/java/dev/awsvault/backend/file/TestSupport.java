package dev.awsvault.backend.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.PasswordBasedDecrypter;

import dev.awsvault.api.keystore.KeystoreItem;

final class TestSupport {
    static final Path FIXTURE = Path.of("../../testing/fixtures/aws-vault-7.2.0-file-keyring/keys").toAbsolutePath().normalize();
    static final String FIXTURE_PASSPHRASE = "fixture-passphrase";
    static final String HOME_CREDS = "{\"AccessKeyID\":\"AKIAIOSFODNN7EXAMPLE\",\"SecretAccessKey\":"
            + "\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",\"SessionToken\":\"\",\"Source\":\"\",\"CanExpire\":false,"
            + "\"Expires\":\"0001-01-01T00:00:00Z\"}";
    static final String WORK_CREDS = "{\"AccessKeyID\":\"AKIAI44QH8DHBEXAMPLE\",\"SecretAccessKey\":"
            + "\"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\",\"SessionToken\":\"\",\"Source\":\"\",\"CanExpire\":false,"
            + "\"Expires\":\"0001-01-01T00:00:00Z\"}";

    private TestSupport() {
    }

    /** A writable copy of the read-only fixture folder at {@code target}. */
    static Path copyFixture(Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(f.getFileName().toString());
                Files.write(copy, Files.readAllBytes(f));
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
            }
        }
        return target;
    }

    static KeystoreItem item(String key, String payload) {
        return new KeystoreItem(key, payload.getBytes(StandardCharsets.UTF_8), "aws-vault (" + key + ")", "", true,
                false);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /** Decrypts with nimbus-jose-jwt, an independent JWE implementation. */
    static byte[] nimbusDecrypt(Path file, String passphrase) throws Exception {
        JWEObject jwe = JWEObject.parse(read(file));
        jwe.decrypt(new PasswordBasedDecrypter(passphrase));
        return jwe.getPayload().toBytes();
    }

    static String headerJson(String token) {
        return text(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
    }

    static List<String> names(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
