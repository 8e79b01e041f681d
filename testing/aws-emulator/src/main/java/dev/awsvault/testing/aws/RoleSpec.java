package dev.awsvault.testing.aws;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM role the emulator lets callers assume. Every principal of the emulator may assume it (no trust policy
 * beyond the conditions below).
 */
public final class RoleSpec {
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]{1,64})");

    final String arn;
    final String account;
    final String name;
    Duration maxSessionDuration = Duration.ofHours(1);
    String externalId;
    boolean requireMfa;
    boolean allowWebIdentity = true;

    private RoleSpec(String arn) {
        Matcher m = ARN.matcher(Objects.requireNonNull(arn, "arn"));
        if (!m.matches()) {
            throw new IllegalArgumentException("not an IAM role ARN: " + arn);
        }
        this.arn = arn;
        this.account = m.group(1);
        this.name = m.group(2);
    }

    /** A role with AWS's defaults: MaxSessionDuration 1 hour, no external id, no MFA condition. */
    public static RoleSpec of(String roleArn) {
        return new RoleSpec(roleArn);
    }

    /** The role's MaxSessionDuration (1 to 12 hours on AWS). */
    public RoleSpec maxSessionDuration(Duration d) {
        if (d.compareTo(Duration.ofHours(1)) < 0 || d.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException("MaxSessionDuration must be between 1 and 12 hours: " + d);
        }
        this.maxSessionDuration = d;
        return this;
    }

    /** Trust-policy condition sts:ExternalId. */
    public RoleSpec requireExternalId(String externalId) {
        this.externalId = externalId;
        return this;
    }

    /** Trust-policy condition aws:MultiFactorAuthPresent: MFA in this call or in the calling session. */
    public RoleSpec requireMfa() {
        this.requireMfa = true;
        return this;
    }

    /** Whether AssumeRoleWithWebIdentity may assume it (default true). */
    public RoleSpec allowWebIdentity(boolean allow) {
        this.allowWebIdentity = allow;
        return this;
    }

    public String arn() {
        return arn;
    }
}
