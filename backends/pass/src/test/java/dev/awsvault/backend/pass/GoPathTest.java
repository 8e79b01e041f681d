package dev.awsvault.backend.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from Go's path/filepath documentation and tests, as the original names pass entries with them. */
class GoPathTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|.",
        "abc|abc",
        "abc/def|abc/def",
        "a/b/c|a/b/c",
        ".|.",
        "..|..",
        "../..|../..",
        "../../abc|../../abc",
        "/abc|/abc",
        "/|/",
        "abc/|abc",
        "abc/def/|abc/def",
        "///|/",
        "abc//def//ghi|abc/def/ghi",
        "//abc|/abc",
        "abc/./def|abc/def",
        "/./abc/def|/abc/def",
        "abc/.|abc",
        "abc/def/ghi/../jkl|abc/def/jkl",
        "abc/def/../ghi/../jkl|abc/jkl",
        "abc/def/..|abc",
        "abc/def/../..|.",
        "/abc/def/../..|/",
        "abc/def/../../..|..",
        "/abc/def/../../..|/",
        "abc/def/../../../ghi/jkl/../../../mno|../../mno",
        "/../abc|/abc",
        "abc/./../def|def",
        "abc//./../def|def",
        "abc/../../././../def|../../def",
        "oidc:https://example.awsapps.com/start|oidc:https:/example.awsapps.com/start",
        "..a/b|..a/b",
        "a/.b/..c|a/.b/..c",
    })
    void cleansAsGoDoes(String path, String cleaned) {
        assertEquals(cleaned, GoPath.clean(path));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|''|''",
        "''|default|default",
        "aws-vault|default|aws-vault/default",
        "aws-vault/|work/admin|aws-vault/work/admin",
        "a//b/|c|a/b/c",
        "''|oidc:https://h/start|oidc:https:/h/start",
        "pre|../x|x",
        "''|/abs|/abs",
        "/store|''|/store",
    })
    void joinsAsGoDoes(String first, String second, String joined) {
        assertEquals(joined, GoPath.join(first, second));
    }

    @Test
    void joinsThreeElementsAndSkipsEmptyOnes() {
        assertEquals("/s/p/k.gpg", GoPath.join("/s", "p", "k.gpg"));
        assertEquals("/s/k.gpg", GoPath.join("/s", "", "k.gpg"));
        assertEquals("/s/oidc:https:/h/start.gpg", GoPath.join("/s/", "", "oidc:https://h/start.gpg"));
    }
}
