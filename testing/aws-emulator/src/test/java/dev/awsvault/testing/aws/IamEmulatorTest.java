package dev.awsvault.testing.aws;

import static dev.awsvault.testing.aws.StsEmulatorTest.AKID;
import static dev.awsvault.testing.aws.StsEmulatorTest.MFA;
import static dev.awsvault.testing.aws.StsEmulatorTest.MFA_CODE;
import static dev.awsvault.testing.aws.StsEmulatorTest.ROLE;
import static dev.awsvault.testing.aws.StsEmulatorTest.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

class IamEmulatorTest {
    AwsEmulator emu;
    IamClient iam;

    @BeforeEach
    void start() {
        emu = AwsEmulator.start().seedUser("alice", AKID, SECRET).expectMfa(MFA, MFA_CODE).defineRole(ROLE);
        iam = Sdk.iam(emu, Sdk.basic(AKID, SECRET), Region.AWS_GLOBAL);
    }

    @AfterEach
    void stop() {
        iam.close();
        emu.close();
    }

    @Test
    void getUserOfTheCaller() {
        User u = iam.getUser().user();
        assertEquals("alice", u.userName());
        assertEquals("arn:aws:iam::123456789012:user/alice", u.arn());
        assertEquals("/", u.path());
        assertTrue(u.userId().startsWith("AIDA"));
        Call call = emu.calls().get(0);
        assertEquals("iam", call.service());
        assertEquals("GetUser", call.action());
        assertEquals("aws-global", call.region(), "with an endpoint override the SDK signs for the client region");
    }

    @Test
    void rotateAKeyTheWayRotateDoes() {
        AccessKey created = iam.createAccessKey().accessKey();
        assertEquals("alice", created.userName());
        assertTrue(created.accessKeyId().startsWith("AKIA"));
        assertEquals("Active", created.statusAsString());

        List<AccessKeyMetadata> keys = iam.listAccessKeys().accessKeyMetadata();
        assertEquals(List.of(AKID, created.accessKeyId()), keys.stream().map(AccessKeyMetadata::accessKeyId).toList());

        var e = assertThrows(LimitExceededException.class, iam::createAccessKey);
        assertEquals(409, e.statusCode());
        assertEquals("LimitExceeded", e.awsErrorDetails().errorCode());
        assertEquals("Cannot exceed quota for AccessKeysPerUser: 2", e.awsErrorDetails().errorMessage());

        try (IamClient withNew = Sdk.iam(emu, Sdk.basic(created.accessKeyId(), created.secretAccessKey()),
                Region.AWS_GLOBAL)) {
            withNew.deleteAccessKey(b -> b.accessKeyId(AKID));
            assertEquals(List.of(created.accessKeyId()), emu.accessKeysOf("alice"));
            var missing = assertThrows(NoSuchEntityException.class, () -> withNew.deleteAccessKey(b -> b.accessKeyId(AKID)));
            assertEquals(404, missing.statusCode());
            assertEquals("The Access Key with id " + AKID + " cannot be found.", missing.awsErrorDetails().errorMessage());
        }
        try (StsClient old = Sdk.sts(emu, Sdk.basic(AKID, SECRET))) {
            var gone = assertThrows(StsException.class, old::getCallerIdentity);
            assertEquals("InvalidClientTokenId", gone.awsErrorDetails().errorCode(), "a deleted key no longer works");
        }
        assertEquals(created.accessKeyId(), emu.calls("DeleteAccessKey").get(0).accessKeyId());
    }

    @Test
    void sessionCredentialsWithoutMfaCannotCallIam() {
        try (StsClient sts = Sdk.sts(emu, Sdk.basic(AKID, SECRET))) {
            Credentials noMfa = sts.getSessionToken().credentials();
            try (IamClient s = Sdk.iam(emu, Sdk.session(noMfa), Region.AWS_GLOBAL)) {
                var e = assertThrows(IamException.class, s::getUser);
                assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
                assertEquals(403, e.statusCode());
            }
            Credentials withMfa = sts.getSessionToken(r -> r.serialNumber(MFA).tokenCode(MFA_CODE)).credentials();
            try (IamClient s = Sdk.iam(emu, Sdk.session(withMfa), Region.AWS_GLOBAL)) {
                assertEquals("alice", s.getUser().user().userName());
                assertEquals(1, s.listAccessKeys().accessKeyMetadata().size());
            }
            Credentials role = sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("r1")).credentials();
            try (IamClient s = Sdk.iam(emu, Sdk.session(role), Region.AWS_GLOBAL)) {
                var e = assertThrows(IamException.class, s::getUser);
                assertEquals("ValidationError", e.awsErrorDetails().errorCode());
                assertEquals("Must specify userName when calling with non-User credentials",
                        e.awsErrorDetails().errorMessage());
                assertEquals("alice", s.getUser(b -> b.userName("alice")).user().userName());
            }
        }
    }

    @Test
    void theSigningRegionIsLoggedNotEnforced() {
        try (IamClient regional = Sdk.iam(emu, Sdk.basic(AKID, SECRET), Region.EU_WEST_1)) {
            assertEquals("alice", regional.getUser().user().userName());
        }
        assertEquals("eu-west-1", emu.calls("GetUser").get(0).region());
    }

    @Test
    void unknownUser() {
        var e = assertThrows(NoSuchEntityException.class, () -> iam.getUser(b -> b.userName("bob")));
        assertEquals("The user with name bob cannot be found.", e.awsErrorDetails().errorMessage());
    }
}
