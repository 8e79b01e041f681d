package dev.awsvault.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.source.AwsClientSettings;
import dev.awsvault.core.ClientSettings;
import dev.awsvault.core.config.ConfigLoader;
import dev.awsvault.core.config.ProfileConfig;
import dev.awsvault.testing.aws.AwsEmulator;
import dev.awsvault.testing.aws.Call;

/** {@code rotate} against the AWS emulator's IAM and STS: the happy paths and every way it can fail. */
class RotateCommandTest {
    static final String AKID = "AKIAALICE00000000001";
    static final String SECRET = "aliceSecret/000000000000000000000000000+";
    static final String OTHER_AKID = "AKIAALICE00000000002";
    static final String MFA = "arn:aws:iam::123456789012:mfa/alice";
    static final String ROLE = "arn:aws:iam::123456789012:role/Admin";
    static final String OLD_SHOWN = "****************0001";

    @TempDir
    Path dir;
    AwsWorld world;
    final List<Duration> sleeps = new ArrayList<>();
    final List<String> steps = new ArrayList<>();
    String crashAfter;

    /** What a kill between two steps leaves behind; an Error, so no catch of the rotation runs. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @BeforeEach
    void setUp() {
        AwsEmulator emu = AwsEmulator.start().seedUser("alice", AKID, SECRET).expectMfa(MFA, "123456")
                .defineRole(ROLE);
        world = new AwsWorld(dir, emu).writeConfig("""
                [profile alice]
                region = eu-west-1

                [profile secure]
                region = eu-west-1
                mfa_serial = arn:aws:iam::123456789012:mfa/alice
                mfa_process = printf 123456

                [profile admin]
                region = eu-west-1
                source_profile = alice
                role_arn = arn:aws:iam::123456789012:role/Admin
                """).store("alice", AKID, SECRET);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private Fakes.Context rotate(String profile, String... flags) {
        Map<String, String> f = flags.length == 0 ? Map.of() : Map.of(flags[0], "true");
        Fakes.Context ctx = world.context(RotateCommand.SPEC, f, Map.of("profile", profile));
        RotateCommand command = new RotateCommand(world, step -> {
            steps.add(step);
            if (step.equals(crashAfter)) {
                throw new Crash();
            }
        }, sleeps::add);
        assertEquals(0, command.run(ctx));
        return ctx;
    }

    private AwsVaultException rotateFails(String profile, String... flags) {
        return assertThrows(AwsVaultException.class, () -> rotate(profile, flags));
    }

    private String vaultKey() {
        return world.stored("alice").orElseThrow().accessKeyId();
    }

    /** The vault's key is one IAM has and STS accepts (once propagated), for the same user. */
    private void assertVaultKeyWorks() {
        AwsCredentials stored = world.stored("alice").orElseThrow();
        assertTrue(world.emu.accessKeysOf("alice").contains(stored.accessKeyId()), "IAM has the vault's key");
        AwsClientSettings aws = ClientSettings.of(new ConfigLoader(world.config(), world.env,
                ProfileConfig.Base.empty()).load("alice"), world.env);
        for (int attempt = 1; ; attempt++) {
            try {
                assertEquals("arn:aws:iam::123456789012:user/alice", Aws.callerArn(aws, stored));
                return;
            } catch (AwsVaultException e) {
                if (attempt == 3 || !Aws.errorCode(e).orElse("").equals("InvalidClientTokenId")) {
                    throw e;
                }
            }
        }
    }

    @Test
    void withMasterCredentials() {
        Fakes.Context ctx = rotate("alice", "no-session");
        String created = vaultKey();
        assertNotEquals(AKID, created);
        String shown = AwsCredentials.mask(created);
        assertEquals("""
                Rotating credentials stored for profile 'alice' using master credentials (takes 10-20 seconds)
                Creating a new access key
                Created new access key %s
                Deleting old access key %s
                Deleted old access key %s
                Finished rotating access key
                """.formatted(shown, OLD_SHOWN, OLD_SHOWN), ctx.invocation.stdout());
        assertEquals(List.of(created), world.emu.accessKeysOf("alice"));
        assertEquals(KeyRotation.STEPS, steps);
        assertVaultKeyWorks();

        List<String> trail = new ArrayList<>();
        for (Call c : world.emu.calls()) {
            trail.add(c.action() + " " + c.accessKeyId());
        }
        assertEquals(List.of("GetCallerIdentity " + AKID, "CreateAccessKey " + AKID, "GetCallerIdentity " + created,
                "DeleteAccessKey " + created, "GetCallerIdentity " + created), trail);
        assertEquals(AKID, world.emu.calls("DeleteAccessKey").get(0).param("AccessKeyId"));
        assertEquals(null, world.emu.calls("CreateAccessKey").get(0).param("UserName"));
    }

    @Test
    void withAnMfaSessionTheOldKeyIsDeletedWithASessionFromTheNewKeyAndCachedSessionsGo() {
        world.store("secure", AKID, SECRET).keystore.memory.items.remove("alice");
        world.vault().sessions().set("sts.GetSessionToken", "secure", MFA,
                AwsCredentials.of("ASIAOLD", "s", "t", Instant.now().plusSeconds(3000)));
        Fakes.Context ctx = rotate("secure");
        AwsCredentials now = world.stored("secure").orElseThrow();
        assertTrue(ctx.invocation.stdout().startsWith("Rotating credentials stored for profile 'secure' using a"
                + " session from profile 'secure' (takes 10-20 seconds)\n"), ctx.invocation.stdout());
        assertTrue(ctx.invocation.stdout().contains("Deleted 1 sessions for secure\n"), ctx.invocation.stdout());
        assertTrue(world.vault().sessions().keys().isEmpty());

        List<Call> sessions = world.emu.calls("GetSessionToken");
        assertEquals(2, sessions.size());
        assertEquals(AKID, sessions.get(0).accessKeyId());
        assertEquals(now.accessKeyId(), sessions.get(1).accessKeyId(), "the second session comes from the new key");
        assertTrue(sessions.get(1).secretMatches("TokenCode", "123456"));
        Call create = world.emu.calls("CreateAccessKey").get(0);
        Call delete = world.emu.calls("DeleteAccessKey").get(0);
        assertTrue(create.accessKeyId().startsWith("ASIA"));
        assertEquals(world.emu.describeKey(create.accessKeyId()).orElseThrow().issuedFrom(), AKID);
        assertEquals(world.emu.describeKey(delete.accessKeyId()).orElseThrow().issuedFrom(), now.accessKeyId());
        assertEquals(List.of(now.accessKeyId()), world.emu.accessKeysOf("alice"));
    }

    @Test
    void throughARoleIamIsToldTheUserName() {
        rotate("admin");
        assertEquals(2, world.emu.callCount("AssumeRole"));
        assertEquals(AKID, world.emu.calls("AssumeRole").get(0).accessKeyId());
        assertEquals(vaultKey(), world.emu.calls("AssumeRole").get(1).accessKeyId());
        assertEquals("alice", world.emu.calls("CreateAccessKey").get(0).param("UserName"));
        assertEquals("alice", world.emu.calls("DeleteAccessKey").get(0).param("UserName"));
        assertEquals(List.of(vaultKey()), world.emu.accessKeysOf("alice"));
    }

    @Test
    void aProfileWithoutMfaIsRotatedWithItsKeysBecauseIamRefusesSessionsWithoutMfa() {
        Fakes.Context ctx = rotate("alice");
        assertTrue(ctx.invocation.stdout().startsWith("Rotating credentials stored for profile 'alice' using master"
                + " credentials"), ctx.invocation.stdout());
        assertEquals(0, world.emu.callCount("GetSessionToken"));
        assertEquals(List.of(vaultKey()), world.emu.accessKeysOf("alice"));
    }

    @Test
    void twoKeysAlreadyIsAClearErrorAndNothingChanges() {
        world.emu.seedUser("alice", OTHER_AKID, "other");
        AwsVaultException e = rotateFails("alice", "no-session");
        assertEquals("Error creating a new access key: IAM user alice already has 2 access keys, the most IAM allows"
                + " (the vault holds " + OLD_SHOWN + "; delete the other one, " + OTHER_AKID + ", if it is not in use:"
                + " aws iam delete-access-key --access-key-id " + OTHER_AKID + " --user-name alice); nothing changed:"
                + " the vault and IAM still hold the old key " + OLD_SHOWN, e.getMessage());
        assertEquals(AKID, vaultKey());
        assertEquals(List.of(AKID, OTHER_AKID), world.emu.accessKeysOf("alice"));
        assertTrue(steps.isEmpty());
    }

    @Test
    void theNewKeyIsRetriedWhileIamPropagatesIt() {
        world.emu.newKeysRefusedFor(3);
        Fakes.Context ctx = rotate("alice", "no-session");
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeps);
        assertTrue(ctx.invocation.stdout().contains("Waiting for AWS to accept the access key "), ctx.invocation.stdout());
        assertEquals(List.of(vaultKey()), world.emu.accessKeysOf("alice"));
    }

    @Test
    void aNewKeyThatNeverWorksIsTakenBackAndTheOldOneStays() {
        world.emu.newKeysRefusedFor(1000);
        AwsVaultException e = rotateFails("alice", "no-session");
        assertTrue(e.getMessage().startsWith("The new access key ****************"), e.getMessage());
        assertTrue(e.getMessage().contains(" does not work: AWS still refused it after "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; the new key was deleted again: nothing changed, the vault and IAM hold"
                + " the old key " + OLD_SHOWN), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(AKID, vaultKey());
        assertEquals(List.of(AKID), world.emu.accessKeysOf("alice"));
        assertTrue(sleeps.stream().reduce(Duration.ZERO, Duration::plus).compareTo(KeyRotation.PROOF_DEADLINE) >= 0);
        assertTrue(sleeps.stream().allMatch(d -> d.compareTo(KeyRotation.MAX_PROOF_DELAY) <= 0));
        assertEquals(List.of("created", "stored"), steps);
        assertVaultKeyWorks();
    }

    @Test
    void aNewKeyTheVaultRefusesIsDeletedFromIam() {
        crashAfter = null;
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> rotateWith(step -> {
            if (step.equals("created")) {
                world.keystore.failNextWrites("alice", 1); // the new key; putting the old one back works
            }
        }));
        assertTrue(e.getMessage().matches("Error storing new access key \\*{16}\\w{4}: the memory keystore refuses to"
                + " write alice; the new key was deleted again: nothing changed, the vault and IAM hold the old key "
                + "\\*{16}0001"), e.getMessage());
        assertEquals(AKID, vaultKey());
        assertEquals(List.of(AKID), world.emu.accessKeysOf("alice"));
    }

    @Test
    void aVaultThatGivesBackSomethingElseIsUndone() {
        AwsVaultException e = assertThrows(AwsVaultException.class, () -> rotateWith(step -> {
            if (step.equals("created")) {
                String created = world.emu.accessKeysOf("alice").get(1);
                world.keystore.memory.garbleWrites.put("alice", new String[] {created, "AKIAGARBLEDGARBLED00"});
            }
        }));
        assertTrue(e.getMessage().contains(": the vault did not give back what was stored; the new key was deleted"
                + " again: nothing changed"), e.getMessage());
        assertEquals(AKID, vaultKey());
        assertEquals(List.of(AKID), world.emu.accessKeysOf("alice"));
    }

    @Test
    void aVaultThatRefusesEveryWriteLeavesBothKeysInIamAndSaysSo() {
        world.keystore.failNextWrites("alice", 100);
        AwsVaultException e = rotateFails("alice", "no-session");
        assertTrue(e.getMessage().contains(": the memory keystore refuses to write alice; could not put the old key"
                + " back into the vault (the memory keystore refuses to write alice): the vault item 'alice' may hold"
                + " the new key "), e.getMessage());
        assertEquals(AKID, vaultKey(), "the failed writes left the old key");
        assertEquals(2, world.emu.accessKeysOf("alice").size(), "nothing is deleted while the vault is unsure");
    }

    private int rotateWith(KeyRotation.Checkpoint checkpoint) {
        Fakes.Context ctx = world.context(RotateCommand.SPEC, Map.of("no-session", "true"), Map.of("profile", "alice"));
        return new RotateCommand(world, checkpoint, sleeps::add).run(ctx);
    }

    @Test
    void aRefusedDeleteLeavesTheNewKeyInUseAndSaysHowToDeleteTheOldOne() {
        world.emu.failNext("DeleteAccessKey", "AccessDenied", 403, "not allowed to delete keys");
        AwsVaultException e = rotateFails("alice", "no-session");
        String created = vaultKey();
        assertEquals("Can't delete old access key " + OLD_SHOWN + ": operation error IAM: DeleteAccessKey, https"
                + " response error StatusCode: 403, api error AccessDenied: not allowed to delete keys; the vault holds"
                + " the new key " + AwsCredentials.mask(created) + ", which works; the old key " + OLD_SHOWN
                + " is still active in IAM: delete it with: aws iam delete-access-key --access-key-id " + AKID
                + " --user-name alice", e.getMessage().replaceAll(", RequestID: [^,]+", ""));
        assertEquals(List.of(AKID, created), world.emu.accessKeysOf("alice"));
        assertVaultKeyWorks();
    }

    @Test
    void aWrongMfaCodeChangesNothing() {
        world.writeConfig("[profile secure]\nregion = eu-west-1\nmfa_serial = " + MFA + "\nmfa_process = printf 000000\n");
        world.store("secure", AKID, SECRET);
        AwsVaultException e = rotateFails("secure");
        assertTrue(e.getMessage().startsWith("Error getting temporary credentials: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; nothing changed: the vault and IAM still hold the old key " + OLD_SHOWN),
                e.getMessage());
        assertEquals(0, world.emu.callCount("CreateAccessKey"));
    }

    @Test
    void theKeysComeFromTheProfileOrItsDirectSource() {
        world.writeConfig("[profile alice]\nregion = eu-west-1\n[profile dev]\nregion = eu-west-1\nsource_profile = alice\n"
                + "[profile deeper]\nsource_profile = dev\n");
        Fakes.Context ctx = rotate("dev", "no-session");
        assertTrue(ctx.invocation.stdout().startsWith("Rotating credentials stored for profile 'alice' using master"),
                ctx.invocation.stdout());
        AwsVaultException e = rotateFails("deeper");
        assertEquals("Error determining credential name for 'deeper': No master credentials found", e.getMessage());
    }

    /** A kill after any step leaves the vault with a key IAM accepts; rotating again finishes or says what to do. */
    @ParameterizedTest
    @ValueSource(strings = {"created", "stored", "verified", "sessions-cleared", "deleted"})
    void killedAfterAnyStepTheVaultHoldsAWorkingKey(String step) {
        world.emu.newKeysRefusedFor(1);
        crashAfter = step;
        assertThrows(Crash.class, () -> rotate("alice", "no-session"));
        assertVaultKeyWorks();
        assertTrue(world.emu.accessKeysOf("alice").size() <= 2);
    }

    @Test
    void afterAKillAfterStoringTheNextRotateWaitsForTheStoredKeyAndNamesTheOldOne() {
        world.emu.newKeysRefusedFor(2);
        crashAfter = "stored";
        assertThrows(Crash.class, () -> rotate("alice", "no-session"));
        crashAfter = null;
        sleeps.clear();
        AwsVaultException e = rotateFails("alice", "no-session");
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeps, "the stored key was retried");
        assertTrue(e.getMessage().contains("; delete the other one, " + AKID + ", if it is not in use: aws iam"
                + " delete-access-key --access-key-id " + AKID + " --user-name alice); nothing changed"), e.getMessage());
        assertNotEquals(AKID, vaultKey());
    }

    @Test
    void afterAKillBeforeStoringTheNextRotateNamesTheLeftoverKey() {
        crashAfter = "created";
        assertThrows(Crash.class, () -> rotate("alice", "no-session"));
        String leftover = world.emu.accessKeysOf("alice").get(1);
        crashAfter = null;
        AwsVaultException e = rotateFails("alice", "no-session");
        assertTrue(e.getMessage().contains("delete the other one, " + leftover + ", if it is not in use"), e.getMessage());
        assertEquals(AKID, vaultKey());
    }
}
