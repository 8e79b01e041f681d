package dev.awsvault.backend.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "home|home",
            "work/admin|work%2Fadmin",
            "100%|100%25",
            "%2F|%252F",
            "oidc:https://x.awsapps.com/start|oidc:https:%2F%2Fx.awsapps.com%2Fstart",
            "sts.AssumeRole,cm9sZQ,YXJu,1685001234|sts.AssumeRole,cm9sZQ,YXJu,1685001234",
            "'with space, comma'|'with space, comma'",
            "back\\slash|back\\slash",
            "ünïcødé/日本|ünïcødé%2F日本",
            "😀/x|😀%2Fx" })
    void encodesOnlySlashAndPercent(String key, String name) {
        assertEquals(name, FileNames.encode(key));
        assertEquals(key, FileNames.decode(name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a%2fb|a/b", // lower-case hex is decoded too
            "%C3%BC|ü", // any byte, then UTF-8
            "%41%42|AB",
            "50%|50%", // no hex digits: kept
            "%2|%2",
            "%zz|%zz",
            "%%2F|%/",
            ".DS_Store|.DS_Store" })
    void decodesLikeTheOriginal(String name, String key) {
        assertEquals(key, FileNames.decode(name));
    }
}
