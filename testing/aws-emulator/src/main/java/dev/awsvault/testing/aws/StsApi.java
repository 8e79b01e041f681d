package dev.awsvault.testing.aws;

import static dev.awsvault.testing.aws.Wire.el;

import dev.awsvault.testing.aws.Model.Cred;
import dev.awsvault.testing.aws.Model.Kind;
import dev.awsvault.testing.aws.Model.WebIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** STS actions (Query protocol). Returns the inner XML of the {@code <ActionResult>} element. */
final class StsApi {
    private static final String NAME_PATTERN = "[\\w+=,.@-]*";
    private final AwsEmulator emu;

    StsApi(AwsEmulator emu) {
        this.emu = emu;
    }

    String handle(String action, Map<String, String> p, Cred caller) throws AwsError {
        synchronized (emu.lock) {
            if (caller != null && caller.kind == Kind.FEDERATED && !action.equals("GetCallerIdentity")
                    && !action.equals("GetSessionToken") && !action.equals("GetFederationToken")) {
                throw AwsError.accessDenied("User: " + caller.arn + " is not authorized to perform: sts:" + action);
            }
            return switch (action) {
                case "GetCallerIdentity" -> el("Arn", caller.arn) + el("UserId", caller.userId)
                        + el("Account", caller.account);
                case "GetSessionToken" -> getSessionToken(p, caller);
                case "AssumeRole" -> assumeRole(p, caller);
                case "AssumeRoleWithWebIdentity" -> assumeRoleWithWebIdentity(p, caller);
                case "GetFederationToken" -> getFederationToken(p, caller);
                default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action
                        + " for version 2011-06-15");
            };
        }
    }

    private String getSessionToken(Map<String, String> p, Cred caller) throws AwsError {
        if (caller.kind != Kind.USER) {
            throw AwsError.accessDenied("Cannot call GetSessionToken with session credentials");
        }
        int duration = duration(p, 43200, 129600);
        boolean mfa = emu.checkMfa(p);
        Cred c = emu.issueTemporary(Kind.SESSION, Duration.ofSeconds(duration), caller.account, caller.arn,
                caller.userId, caller.user, mfa, caller, "GetSessionToken", null, null);
        return credentials(c);
    }

    private String assumeRole(Map<String, String> p, Cred caller) throws AwsError {
        String roleArn = required(p, "RoleArn", "roleArn");
        String sessionName = sessionName(p);
        String externalId = p.get("ExternalId");
        if (externalId != null) {
            length("externalId", externalId, 2, 1224, true);
            pattern("externalId", externalId, "[\\w+=,.@:/-]*", "[\\w+=,.@:\\/-]*");
        }
        Map<String, String> tags = tags(p);
        List<String> transitive = list(p, "TransitiveTagKeys");
        Set<String> tagKeys = new HashSet<>();
        tags.keySet().forEach(k -> tagKeys.add(k.toLowerCase(Locale.ROOT)));
        for (String t : transitive) {
            if (!tagKeys.contains(t.toLowerCase(Locale.ROOT))) {
                throw new AwsError(400, "InvalidParameterValue", "The specified transitive tag key must be included in"
                        + " the requested tags.");
            }
        }
        String sourceIdentity = sourceIdentity(p);
        RoleSpec role = emu.roles.get(roleArn);
        boolean chained = caller.kind == Kind.ROLE;
        int duration = duration(p, 3600, 43200);
        if (role == null) {
            throw notAuthorized(caller, "sts:AssumeRole", roleArn);
        }
        if (chained && duration > 3600) {
            throw AwsError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles"
                    + " assumed by role chaining.");
        }
        if (duration > role.maxSessionDuration.toSeconds()) {
            throw AwsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        boolean mfa = emu.checkMfa(p) || caller.mfa;
        if (role.requireMfa && !mfa) {
            throw notAuthorized(caller, "sts:AssumeRole", roleArn);
        }
        if (role.externalId != null && !role.externalId.equals(externalId)) {
            throw notAuthorized(caller, "sts:AssumeRole", roleArn);
        }
        Map<String, String> sessionTags = new LinkedHashMap<>(tags);
        String sid = sourceIdentity != null ? sourceIdentity : chained ? caller.sourceIdentity : null;
        Cred c = issueRole(role, sessionName, Duration.ofSeconds(duration), mfa, caller, "AssumeRole", sessionTags, sid);
        return credentials(c) + assumedRoleUser(c)
                + (tags.isEmpty() && p.get("Policy") == null ? "" : el("PackedPolicySize", packedSize(tags, p)))
                + el("SourceIdentity", sourceIdentity);
    }

    private String assumeRoleWithWebIdentity(Map<String, String> p, Cred caller) throws AwsError {
        String roleArn = required(p, "RoleArn", "roleArn");
        String sessionName = sessionName(p);
        String token = p.get("WebIdentityToken");
        if (token == null) {
            throw AwsError.validation("1 validation error detected: Value null at 'webIdentityToken' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        if (token.length() < 4 || token.length() > 20000) {
            throw AwsError.validation("1 validation error detected: Value at 'webIdentityToken' failed to satisfy"
                    + " constraint: Member must have length " + (token.length() < 4 ? "greater than or equal to 4"
                    : "less than or equal to 20000"));
        }
        int duration = duration(p, 3600, 43200);
        WebIdentity id = emu.webIdentityTokens.get(token);
        if (id == null) {
            throw new AwsError(400, "InvalidIdentityToken", "The web identity token that was passed could not be"
                    + " validated by AWS. Get a new identity token from the identity provider and then retry the request.");
        }
        RoleSpec role = emu.roles.get(roleArn);
        if (role == null || !role.allowWebIdentity) {
            throw AwsError.accessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }
        if (duration > role.maxSessionDuration.toSeconds()) {
            throw AwsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Cred c = issueRole(role, sessionName, Duration.ofSeconds(duration), false, caller, "AssumeRoleWithWebIdentity",
                Map.of(), null);
        return credentials(c) + el("SubjectFromWebIdentityToken", id.subject()) + assumedRoleUser(c)
                + el("Provider", id.provider()) + el("Audience", id.audience());
    }

    private String getFederationToken(Map<String, String> p, Cred caller) throws AwsError {
        if (caller.kind != Kind.USER) {
            throw AwsError.accessDenied("Cannot call GetFederationToken with session credentials");
        }
        String name = required(p, "Name", "name");
        length("name", name, 2, 32, false);
        pattern("name", name, NAME_PATTERN, NAME_PATTERN);
        String policy = p.get("Policy");
        if (policy != null) {
            length("policy", policy, 1, 2048, false);
        }
        int duration = duration(p, 43200, 129600);
        String arn = "arn:aws:sts::" + caller.account + ":federated-user/" + name;
        Cred c = emu.issueTemporary(Kind.FEDERATED, Duration.ofSeconds(duration), caller.account, arn,
                caller.account + ":" + name, caller.user, false, caller, "GetFederationToken", null, null);
        return credentials(c) + "<FederatedUser>" + el("FederatedUserId", c.userId) + el("Arn", c.arn)
                + "</FederatedUser>" + (policy == null ? "" : el("PackedPolicySize", packedSize(Map.of(), p)));
    }

    private Cred issueRole(RoleSpec role, String sessionName, Duration duration, boolean mfa, Cred caller,
                           String action, Map<String, String> tags, String sourceIdentity) {
        String arn = "arn:aws:sts::" + role.account + ":assumed-role/" + role.name + "/" + sessionName;
        String userId = emu.roleIds.get(role.arn) + ":" + sessionName;
        return emu.issueTemporary(Kind.ROLE, duration, role.account, arn, userId, null, mfa, caller, action, tags,
                sourceIdentity);
    }

    static String credentials(Cred c) {
        return "<Credentials>" + el("AccessKeyId", c.accessKeyId) + el("SecretAccessKey", c.secret)
                + el("SessionToken", c.token) + el("Expiration", Wire.iso(c.expiration)) + "</Credentials>";
    }

    private static String assumedRoleUser(Cred c) {
        return "<AssumedRoleUser>" + el("AssumedRoleId", c.userId) + el("Arn", c.arn) + "</AssumedRoleUser>";
    }

    private static int packedSize(Map<String, String> tags, Map<String, String> p) {
        int size = 6 + tags.size() * 2;
        String policy = p.get("Policy");
        if (policy != null) {
            size += Math.max(1, policy.length() / 30);
        }
        return Math.min(size, 100);
    }

    private static AwsError notAuthorized(Cred caller, String op, String resource) {
        return AwsError.accessDenied("User: " + caller.arn + " is not authorized to perform: " + op + " on resource: "
                + resource);
    }

    private static String sessionName(Map<String, String> p) throws AwsError {
        String n = required(p, "RoleSessionName", "roleSessionName");
        length("roleSessionName", n, 2, 64, false);
        pattern("roleSessionName", n, NAME_PATTERN, NAME_PATTERN);
        return n;
    }

    private static String sourceIdentity(Map<String, String> p) throws AwsError {
        String s = p.get("SourceIdentity");
        if (s == null) {
            return null;
        }
        length("sourceIdentity", s, 2, 64, false);
        pattern("sourceIdentity", s, NAME_PATTERN, NAME_PATTERN);
        if (s.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw AwsError.validation("SourceIdentity cannot start with 'aws:'");
        }
        return s;
    }

    private static Map<String, String> tags(Map<String, String> p) throws AwsError {
        Map<String, String> tags = new LinkedHashMap<>();
        Set<String> lower = new HashSet<>();
        for (int i = 1; ; i++) {
            String k = p.get("Tags.member." + i + ".Key");
            String v = p.get("Tags.member." + i + ".Value");
            if (k == null && v == null) {
                break;
            }
            if (k == null || v == null) {
                throw AwsError.validation("1 validation error detected: Value null at 'tags." + i + ".member."
                        + (k == null ? "key" : "value") + "' failed to satisfy constraint: Member must not be null");
            }
            length("tags." + i + ".member.key", k, 1, 128, false);
            length("tags." + i + ".member.value", v, 0, 256, false);
            if (!lower.add(k.toLowerCase(Locale.ROOT))) {
                throw new AwsError(400, "InvalidParameterValue", "Duplicate tag keys found. Please note that Tag keys"
                        + " are case insensitive.");
            }
            tags.put(k, v);
        }
        if (tags.size() > 50) {
            throw AwsError.validation("1 validation error detected: Value at 'tags' failed to satisfy constraint:"
                    + " Member must have length less than or equal to 50");
        }
        return tags;
    }

    private static List<String> list(Map<String, String> p, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 1; p.containsKey(name + ".member." + i); i++) {
            out.add(p.get(name + ".member." + i));
        }
        return out;
    }

    static int duration(Map<String, String> p, int dflt, int max) throws AwsError {
        String s = p.get("DurationSeconds");
        if (s == null) {
            return dflt;
        }
        int d;
        try {
            d = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new AwsError(400, "MalformedInput", "Invalid value for parameter DurationSeconds: " + s);
        }
        if (d < 900) {
            throw AwsError.validation("1 validation error detected: Value '" + d + "' at 'durationSeconds' failed to"
                    + " satisfy constraint: Member must have value greater than or equal to 900");
        }
        if (d > max) {
            throw AwsError.validation("1 validation error detected: Value '" + d + "' at 'durationSeconds' failed to"
                    + " satisfy constraint: Member must have value less than or equal to " + max);
        }
        return d;
    }

    static String required(Map<String, String> p, String param, String member) throws AwsError {
        String v = p.get(param);
        if (v == null) {
            throw AwsError.validation("1 validation error detected: Value null at '" + member + "' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        return v;
    }

    private static void length(String member, String v, int min, int max, boolean hide) throws AwsError {
        String shown = hide ? "Value" : "Value '" + v + "'";
        if (v.length() < min) {
            throw AwsError.validation("1 validation error detected: " + shown + " at '" + member + "' failed to satisfy"
                    + " constraint: Member must have length greater than or equal to " + min);
        }
        if (v.length() > max) {
            throw AwsError.validation("1 validation error detected: " + shown + " at '" + member + "' failed to satisfy"
                    + " constraint: Member must have length less than or equal to " + max);
        }
    }

    private static void pattern(String member, String v, String regex, String shownRegex) throws AwsError {
        if (!v.matches(regex)) {
            throw AwsError.validation("1 validation error detected: Value '" + v + "' at '" + member + "' failed to"
                    + " satisfy constraint: Member must satisfy regular expression pattern: " + shownRegex);
        }
    }
}
