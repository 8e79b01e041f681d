package dev.awsvault.sources.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.model.AccessKey;

class IamClientsTest {
    static final String AKID = "AKIAALICE00000000001";
    static final String SECRET = "canary-SECRET-alice-0001";

    AwsEmulator emu;

    @BeforeEach
    void start() {
        emu = AwsEmulator.start().seedUser("alice", AKID, SECRET);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void iamHasOneEndpointPerPartitionSignedForItsRegion() throws Exception {
        TestSettings none = TestSettings.at(null);
        assertEquals(new AwsClients.IamTarget(URI.create("https://iam.amazonaws.com"), Region.US_EAST_1),
                AwsClients.iamTarget(none));
        assertEquals(new AwsClients.IamTarget(URI.create("https://iam.amazonaws.com"), Region.US_EAST_1),
                AwsClients.iamTarget(none.region("ap-southeast-2")));
        assertEquals(new AwsClients.IamTarget(URI.create("https://iam.cn-north-1.amazonaws.com.cn"), Region.CN_NORTH_1),
                AwsClients.iamTarget(none.region("cn-northwest-1")));
        assertEquals(new AwsClients.IamTarget(URI.create("https://iam.us-gov.amazonaws.com"), Region.US_GOV_WEST_1),
                AwsClients.iamTarget(none.region("us-gov-east-1")));

        URI override = URI.create("http://127.0.0.1:9");
        assertEquals(new AwsClients.IamTarget(override, Region.EU_WEST_1), AwsClients.iamTarget(TestSettings.at(override)));

        CredentialSourceException e = assertThrows(CredentialSourceException.class,
                () -> AwsClients.iamTarget(none.region(null)));
        assertEquals(AwsClients.NO_REGION, e.getMessage());
    }

    @Test
    void callsAreSignedWithTheGivenKeysAndErrorsCarryTheirAwsCode() throws Exception {
        TestSettings s = TestSettings.at(emu.endpoint());
        AwsCredentials alice = AwsCredentials.of(AKID, SECRET);
        AccessKey created = AwsClients.callIam(s, alice, "CreateAccessKey", iam -> iam.createAccessKey().accessKey());
        assertEquals("alice", created.userName());
        Call call = emu.calls("CreateAccessKey").get(0);
        assertEquals("iam", call.service());
        assertEquals(AKID, call.accessKeyId());
        assertEquals("eu-west-1", call.region());

        CredentialSourceException limit = assertThrows(CredentialSourceException.class,
                () -> AwsClients.callIam(s, alice, "CreateAccessKey", iam -> iam.createAccessKey().accessKey()));
        assertTrue(limit.getMessage().startsWith("operation error IAM: CreateAccessKey, https response error"
                + " StatusCode: 409, RequestID: "), limit.getMessage());
        assertTrue(limit.getMessage().endsWith(", api error LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2"),
                limit.getMessage());
        assertEquals(Optional.of("LimitExceeded"), AwsErrors.errorCode(limit));
        assertEquals(Optional.empty(), AwsErrors.errorCode(new CredentialSourceException("no AWS answer")));

        AwsClients.callIam(s, AwsCredentials.of(created.accessKeyId(), created.secretAccessKey()), "DeleteAccessKey",
                iam -> iam.deleteAccessKey(b -> b.accessKeyId(AKID)));
        assertEquals(java.util.List.of(created.accessKeyId()), emu.accessKeysOf("alice"));
        assertEquals(Optional.of("InvalidClientTokenId"), AwsErrors.errorCode(assertThrows(
                CredentialSourceException.class, () -> AwsClients.callIam(s, alice, "GetUser", iam -> iam.getUser()))));
    }
}
