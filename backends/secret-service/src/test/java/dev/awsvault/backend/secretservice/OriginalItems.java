package dev.awsvault.backend.secretservice;

import java.nio.charset.StandardCharsets;

import dev.awsvault.api.keystore.KeystoreItem;

/**
 * Item-JSON exactly as aws-vault v7.2.0 wrote it: decrypted from the file-keyring fixture the original wrote
 * ({@code /work/shared/fixtures/aws-vault-7.2.0-file-keyring}, AWS's documented example keys). The Secret Service
 * backend stores the same {@code json.Marshal(keyring.Item)} bytes as its secrets.
 */
final class OriginalItems {
    static final String HOME_CREDENTIALS = "{\"AccessKeyID\":\"AKIAIOSFODNN7EXAMPLE\","
            + "\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",\"SessionToken\":\"\",\"Source\":\"\","
            + "\"CanExpire\":false,\"Expires\":\"0001-01-01T00:00:00Z\"}";
    static final String HOME_JSON = "{\"Key\":\"home\",\"Data\":\"eyJBY2Nlc3NLZXlJRCI6IkFLSUFJT1NGT0ROTjdFWEFNUExFIiwi"
            + "U2VjcmV0QWNjZXNzS2V5Ijoid0phbHJYVXRuRkVNSS9LN01ERU5HL2JQeFJmaUNZRVhBTVBMRUtFWSIsIlNlc3Npb25Ub2tlbiI6IiIs"
            + "IlNvdXJjZSI6IiIsIkNhbkV4cGlyZSI6ZmFsc2UsIkV4cGlyZXMiOiIwMDAxLTAxLTAxVDAwOjAwOjAwWiJ9\","
            + "\"Label\":\"aws-vault (home)\",\"Description\":\"\",\"KeychainNotTrustApplication\":true,"
            + "\"KeychainNotSynchronizable\":false}";
    static final String WORK_ADMIN_CREDENTIALS = "{\"AccessKeyID\":\"AKIAI44QH8DHBEXAMPLE\","
            + "\"SecretAccessKey\":\"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\",\"SessionToken\":\"\",\"Source\":\"\","
            + "\"CanExpire\":false,\"Expires\":\"0001-01-01T00:00:00Z\"}";
    static final String WORK_ADMIN_JSON = "{\"Key\":\"work/admin\",\"Data\":\"eyJBY2Nlc3NLZXlJRCI6IkFLSUFJNDRRSDhE"
            + "SEJFWEFNUExFIiwiU2VjcmV0QWNjZXNzS2V5IjoiamU3TXRHYkNsd0JGLzJacDlVdGsvaDN5Q284bnZiRVhBTVBMRUtFWSIsIlNlc3Np"
            + "b25Ub2tlbiI6IiIsIlNvdXJjZSI6IiIsIkNhbkV4cGlyZSI6ZmFsc2UsIkV4cGlyZXMiOiIwMDAxLTAxLTAxVDAwOjAwOjAwWiJ9\","
            + "\"Label\":\"aws-vault (work/admin)\",\"Description\":\"\",\"KeychainNotTrustApplication\":true,"
            + "\"KeychainNotSynchronizable\":false}";

    private OriginalItems() {
    }

    /** The long-term credentials item aws-vault writes for {@code profile} (label, no description, untrusted). */
    static KeystoreItem credentials(String profile, String json) {
        return new KeystoreItem(profile, json.getBytes(StandardCharsets.UTF_8), "aws-vault (" + profile + ")", "",
                true, false);
    }
}
