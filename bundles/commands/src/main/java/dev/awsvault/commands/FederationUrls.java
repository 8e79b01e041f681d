package dev.awsvault.commands;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.awsvault.api.AwsVaultException;

/**
 * Where the console sign-in goes ({@code cli/login.go} {@code generateLoginURL}, reference §8): the federation
 * endpoint and console domain by the region's partition, the destination page, and the URLs built from them, encoded
 * as Go's {@code url.QueryEscape} does so the printed URL is byte for byte the original's.
 *
 * <p>{@value #BASE_URL_VARIABLE} (for tests and private endpoints) replaces the AWS hosts with one base URL: the
 * federation endpoint becomes {@code <base>/federation}, the sign-out endpoint {@code <base>/oauth}, and the
 * destination {@code <base>/console/home?region=<r>}, {@code <base>/<path>?region=<r>} or {@code <base>/}.
 */
final class FederationUrls {
    /** The environment variable that points the sign-in at another host (the AWS emulator in tests). */
    static final String BASE_URL_VARIABLE = "AWS_VAULT_FEDERATION_BASE_URL";

    private final String federation;
    private final String destination;
    private final String signOut;

    private FederationUrls(String federation, String destination, String signOut) {
        this.federation = federation;
        this.destination = destination;
        this.signOut = signOut;
    }

    /**
     * The URLs for a region (empty: none) and a console path (empty: the console home; ignored without a region, as
     * the original does), honouring {@value #BASE_URL_VARIABLE} in the caller's environment.
     */
    static FederationUrls of(String region, String path, Map<String, String> environment) {
        String base = environment.getOrDefault(BASE_URL_VARIABLE, "");
        String signinHost;
        String consoleDomain;
        if (region.startsWith("cn-")) {
            signinHost = "signin.amazonaws.cn";
            consoleDomain = "console.amazonaws.cn";
        } else if (region.startsWith("us-gov-")) {
            signinHost = "signin.amazonaws-us-gov.com";
            consoleDomain = "console.amazonaws-us-gov.com";
        } else if (region.startsWith("eusc-")) {
            // the maintained fork's European Sovereign Cloud partition
            signinHost = "signin.amazonaws-eusc.eu";
            consoleDomain = "console.amazonaws-eusc.eu";
        } else {
            signinHost = "signin.aws.amazon.com";
            consoleDomain = "console.aws.amazon.com";
        }
        String signin = "https://" + signinHost;
        String consoleHost = region.isEmpty() ? "https://" + consoleDomain : "https://" + region + "." + consoleDomain;
        if (!base.isEmpty()) {
            signin = baseUrl(base);
            consoleHost = signin;
        }
        String destination;
        if (region.isEmpty()) {
            destination = consoleHost + "/";
        } else if (!path.isEmpty()) {
            destination = consoleHost + "/" + path + "?region=" + region;
        } else {
            destination = consoleHost + "/console/home?region=" + region;
        }
        return new FederationUrls(signin + "/federation", destination, signin + "/oauth");
    }

    /** The federation endpoint, e.g. {@code https://signin.aws.amazon.com/federation}. */
    String federation() {
        return federation;
    }

    /** The console page the sign-in lands on. */
    String destination() {
        return destination;
    }

    /** The getSigninToken request; {@code sessionDurationSeconds} 0 leaves {@code SessionDuration} out. */
    String signinTokenRequest(String sessionJson, long sessionDurationSeconds) {
        // Go's url.Values.Encode: keys sorted, values query-escaped
        return federation + "?Action=getSigninToken&Session=" + queryEscape(sessionJson)
                + (sessionDurationSeconds > 0 ? "&SessionDuration=" + sessionDurationSeconds : "");
    }

    /** {@code <federation>?Action=login&Issuer=aws-vault&Destination=…&SigninToken=…}. */
    String login(String signinToken) {
        return federation + "?Action=login&Issuer=aws-vault&Destination=" + queryEscape(destination)
                + "&SigninToken=" + queryEscape(signinToken);
    }

    /**
     * The maintained fork's {@code --auto-logout}: sign out of the console first, then on to the login URL. Unlike the
     * fork, the login URL is escaped once as a whole, so its own parameters survive the redirect.
     */
    String loginAfterSignOut(String signinToken) {
        return signOut + "?Action=logout&redirect_uri=" + queryEscape(login(signinToken));
    }

    /** Go's {@code url.QueryEscape}: everything but {@code A-Z a-z 0-9 - _ . ~} as {@code %XX}, space as {@code +}. */
    static String queryEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
                    || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    private static String baseUrl(String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new URISyntaxException(value, "not an http(s) URL without query");
            }
        } catch (URISyntaxException e) {
            throw new AwsVaultException(BASE_URL_VARIABLE + " must be an http(s) URL such as http://127.0.0.1:8080,"
                    + " got \"" + value + "\"");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
