package dev.awsvault.testing.aws;

import java.time.Instant;
import java.util.Map;

/**
 * What the emulator knows about an access key it issued or was seeded with.
 *
 * @param accessKeyId the key id
 * @param kind {@code user} (long-term IAM key), {@code session} (GetSessionToken), {@code role} (AssumeRole,
 *             AssumeRoleWithWebIdentity, SSO), {@code federated} (GetFederationToken)
 * @param arn the principal as GetCallerIdentity reports it
 * @param account the account id
 * @param expiration null for long-term keys
 * @param mfaAuthenticated whether the session carries MFA
 * @param issuedFrom the access key that signed the call which issued it (null for seeded keys and unsigned calls)
 * @param issuedBy the action that issued it ({@code seed} and {@code CreateAccessKey} for long-term keys)
 * @param sessionTags the session tags given to AssumeRole
 * @param sourceIdentity the SourceIdentity given to AssumeRole
 */
public record KeyInfo(String accessKeyId, String kind, String arn, String account, Instant expiration,
                      boolean mfaAuthenticated, String issuedFrom, String issuedBy, Map<String, String> sessionTags,
                      String sourceIdentity) {
}
