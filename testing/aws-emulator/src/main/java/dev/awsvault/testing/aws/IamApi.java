package dev.awsvault.testing.aws;

import static dev.awsvault.testing.aws.Wire.el;

import dev.awsvault.testing.aws.Model.Cred;
import dev.awsvault.testing.aws.Model.Kind;
import dev.awsvault.testing.aws.Model.User;
import java.util.Map;

/** IAM actions (Query protocol): the access-key management that {@code rotate} needs. */
final class IamApi {
    private final AwsEmulator emu;

    IamApi(AwsEmulator emu) {
        this.emu = emu;
    }

    String handle(String action, Map<String, String> p, Cred caller) throws AwsError {
        synchronized (emu.lock) {
            if (caller.kind == Kind.FEDERATED) {
                throw AwsError.accessDenied("User: " + caller.arn + " is not authorized to perform: iam:" + action);
            }
            if (caller.kind == Kind.SESSION && !caller.mfa) {
                // AWS: GetSessionToken credentials without MFA cannot call IAM at all
                throw AwsError.invalidClientTokenId();
            }
            return switch (action) {
                case "GetUser" -> "<User>" + user(target(p, caller)) + "</User>";
                case "CreateAccessKey" -> createAccessKey(target(p, caller));
                case "DeleteAccessKey" -> deleteAccessKey(p, caller);
                case "ListAccessKeys" -> listAccessKeys(target(p, caller));
                default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action
                        + " for version 2010-05-08");
            };
        }
    }

    /** The user named by UserName, else the calling user; role sessions must name one. */
    private User target(Map<String, String> p, Cred caller) throws AwsError {
        String name = p.get("UserName");
        if (name == null) {
            if (caller.user == null) {
                throw AwsError.validation("Must specify userName when calling with non-User credentials");
            }
            return caller.user;
        }
        User u = emu.users.get(name);
        if (u == null) {
            throw new AwsError(404, "NoSuchEntity", "The user with name " + name + " cannot be found.");
        }
        return u;
    }

    private static String user(User u) {
        return el("Path", "/") + el("UserName", u.name) + el("UserId", u.userId) + el("Arn", u.arn())
                + el("CreateDate", Wire.iso(u.created));
    }

    private String createAccessKey(User u) throws AwsError {
        if (u.keys.size() >= 2) {
            throw new AwsError(409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2");
        }
        Cred c = emu.addUserKey(u, "AKIA" + emu.randomId(16), emu.randomSecret(), "CreateAccessKey");
        c.refusalsLeft = emu.newKeyRefusals;
        return "<AccessKey>" + el("UserName", u.name) + el("AccessKeyId", c.accessKeyId) + el("Status", "Active")
                + el("SecretAccessKey", c.secret) + el("CreateDate", Wire.iso(c.created)) + "</AccessKey>";
    }

    private String deleteAccessKey(Map<String, String> p, Cred caller) throws AwsError {
        String id = StsApi.required(p, "AccessKeyId", "accessKeyId");
        User u = target(p, caller);
        Cred key = null;
        for (Cred k : u.keys) {
            if (k.accessKeyId.equals(id)) {
                key = k;
            }
        }
        if (key == null) {
            throw new AwsError(404, "NoSuchEntity", "The Access Key with id " + id + " cannot be found.");
        }
        u.keys.remove(key);
        key.active = false;
        emu.keys.remove(id);
        return null;
    }

    private static String listAccessKeys(User u) {
        StringBuilder b = new StringBuilder("<AccessKeyMetadata>");
        for (Cred k : u.keys) {
            b.append("<member>").append(el("UserName", u.name)).append(el("AccessKeyId", k.accessKeyId))
                    .append(el("Status", "Active")).append(el("CreateDate", Wire.iso(k.created))).append("</member>");
        }
        return b.append("</AccessKeyMetadata>").append(el("IsTruncated", "false")).toString();
    }
}
