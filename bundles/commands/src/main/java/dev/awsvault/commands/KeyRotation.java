package dev.awsvault.commands;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.source.AwsClientSettings;
import dev.awsvault.core.ClientSettings;
import dev.awsvault.core.CredentialChain;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.config.ConfigLoader;
import dev.awsvault.core.config.ProfileConfig;

/**
 * What {@code rotate} does ({@code cli/rotate.go}, reference §1.5), as a transaction: at every moment the vault holds
 * an access key that IAM accepts, and a failure says in one line what IAM and the vault hold.
 *
 * <ol>
 * <li>Find the stored keys: the profile's own, else its direct {@code source_profile}'s. Check them with
 *     {@code sts:GetCallerIdentity} (which also names the IAM user).</li>
 * <li>Get the session IAM is called with: the provider tree without the session cache (MFA, role), or the stored
 *     keys with {@code --no-session}.</li>
 * <li>{@code iam:CreateAccessKey} ({@code UserName} given when a role calls). Refused (two keys already): nothing
 *     changed, and the message names the other key.</li>
 * <li>Store the new key under the same name and read it back. On failure the old key is put back and the new one
 *     deleted from IAM.</li>
 * <li>Prove the new key works: {@code sts:GetCallerIdentity} with it must name the same principal, retried with a
 *     bounded backoff while IAM propagates the key. On failure the old key is put back and the new one deleted.</li>
 * <li>Delete the cached sessions of every profile in the source chain (they came from the old key).</li>
 * <li>{@code iam:DeleteAccessKey} of the old key with a session made from the NEW key through the same provider tree
 *     (a second MFA code when the profile uses MFA), retried every 2 s for up to 20 s as the original does. On failure
 *     the new key stays in use and the message says how to delete the old one.</li>
 * </ol>
 *
 * <p>Unlike the original, a profile whose session would be a GetSessionToken without MFA is rotated with its stored
 * keys directly: IAM refuses such sessions, so the original fails there unless {@code --no-session} is given.
 */
final class KeyRotation {
    /** Test-only fault injection: the step after which the process halts ({@link Runtime#halt}), e.g. {@code stored}. */
    static final String HALT_AFTER_PROPERTY = "aws-vault.test.rotate-halt-after";
    /** The exit status of a halted run. */
    static final int HALT_STATUS = 99;
    /** The steps, in order, that {@link Checkpoint#reached} is told about. */
    static final List<String> STEPS = List.of("created", "stored", "verified", "sessions-cleared", "deleted");

    static final Set<String> NOT_YET_ACCEPTED = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch");
    static final Duration PROOF_DEADLINE = Duration.ofSeconds(60);
    static final Duration FIRST_PROOF_DELAY = Duration.ofMillis(500);
    static final Duration MAX_PROOF_DELAY = Duration.ofSeconds(5);
    static final Duration DELETE_DEADLINE = Duration.ofSeconds(20);
    static final Duration DELETE_INTERVAL = Duration.ofSeconds(2);

    /** Told when a step has been done; the default halts the process when {@link #HALT_AFTER_PROPERTY} names it. */
    @FunctionalInterface
    interface Checkpoint {
        void reached(String step);

        Checkpoint HALT_ON_REQUEST = step -> {
            if (step.equals(System.getProperty(HALT_AFTER_PROPERTY))) {
                System.err.println("aws-vault: rotate halted after step " + step + " (test fault injection)");
                System.err.flush();
                Runtime.getRuntime().halt(HALT_STATUS);
            }
        };
    }

    /** Waits between attempts; tests count instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    private final CommandContext ctx;
    private final VaultContext vc;
    private final Checkpoint checkpoint;
    private final Sleeper sleeper;
    private final PrintStream out;

    KeyRotation(CommandContext ctx, VaultContext vc, Checkpoint checkpoint, Sleeper sleeper) {
        this.ctx = ctx;
        this.vc = vc;
        this.checkpoint = checkpoint;
        this.sleeper = sleeper;
        this.out = ctx.invocation().out();
    }

    int run() {
        String name = ctx.arg("profile").orElseThrow();
        Map<String, String> env = ctx.invocation().environment();
        ProfileConfig profile = new ConfigLoader(vc.config(), env, ProfileConfig.Base.empty()).load(name);
        Vault vault = vc.vault();
        String master = masterCredentialsName(profile, vault);
        boolean useSession = !ctx.isSet("no-session") && !sessionWithoutMfa(profile, vault);
        if (!useSession && !ctx.isSet("no-session")) {
            ctx.debug("A GetSessionToken session without MFA cannot call IAM: using the stored keys directly");
        }
        out.println("Rotating credentials stored for profile '" + master + "' using "
                + (useSession ? "a session from profile '" + name + "'" : "master credentials")
                + " (takes 10-20 seconds)");
        out.flush();

        AwsCredentials old = vault.credentials().get(master).orElseThrow(
                () -> new AwsVaultException("Error loading source credentials for '" + master + "': not found"));
        Keys keys = new Keys(master, old);
        ctx.debug("Rotating access key " + AwsCredentials.mask(old.accessKeyId()));
        AwsClientSettings aws = ClientSettings.of(profile, env);

        String arn;
        try {
            // retried like the proof below: the stored key may be new (added just now, or left by a killed rotate)
            arn = acceptedArn(aws, old, keys.oldShown());
        } catch (AwsVaultException e) {
            throw failure("Error checking the stored access key " + keys.oldShown(), e, keys.nothingChanged());
        }
        keys.userName = userName(arn);
        String roleUserName = useSession && profile.hasRole() ? keys.userName : null;
        keys.roleUserName = roleUserName;
        if (profile.hasRole() && useSession && roleUserName == null) {
            throw new AwsVaultException("Error getting IAM username from session: the stored keys of '" + master
                    + "' belong to " + arn + ", not to an IAM user; " + keys.nothingChanged());
        }

        AwsCredentials session;
        try {
            session = useSession ? new CredentialChain(vc, false, false, "").retrieve(profile) : old;
        } catch (AwsVaultException e) {
            throw failure("Error getting temporary credentials", e, keys.nothingChanged());
        }

        out.println("Creating a new access key");
        out.flush();
        AwsCredentials created;
        try {
            created = Aws.createAccessKey(aws, session, roleUserName);
        } catch (AwsVaultException e) {
            if (Aws.errorCode(e).filter("LimitExceeded"::equals).isPresent()) {
                throw new AwsVaultException(limitExceeded(aws, session, roleUserName, keys));
            }
            throw failure("Error creating a new access key", e, keys.nothingChanged());
        }
        keys.created = created;
        out.println("Created new access key " + keys.newShown());
        out.flush();
        checkpoint.reached("created");

        try {
            store(vault, master, created);
        } catch (AwsVaultException e) {
            throw failure("Error storing new access key " + keys.newShown(), e, undo(vault, aws, session, keys));
        }
        checkpoint.reached("stored");

        try {
            proveAccepted(aws, created, arn, keys);
        } catch (AwsVaultException e) {
            throw failure("The new access key " + keys.newShown() + " does not work", e,
                    undo(vault, aws, session, keys));
        }
        checkpoint.reached("verified");

        try {
            for (String p : profilesInChain(profile)) {
                int n = vault.sessions().removeForProfile(p);
                if (n > 0) {
                    out.println("Deleted " + n + " sessions for " + p);
                }
            }
        } catch (AwsVaultException e) {
            throw failure("Error deleting the sessions made from the old access key", e, keys.oldStillActive());
        }
        checkpoint.reached("sessions-cleared");

        out.println("Deleting old access key " + keys.oldShown());
        out.flush();
        try {
            deleteOldKey(profile, useSession, aws, roleUserName, keys);
        } catch (AwsVaultException e) {
            throw failure("Can't delete old access key " + keys.oldShown(), e, keys.oldStillActive());
        }
        checkpoint.reached("deleted");
        out.println("Finished rotating access key");
        out.flush();
        return 0;
    }

    /** The original's {@code FindMasterCredentialsNameFor}: the profile's stored keys, else its direct source's. */
    static String masterCredentialsName(ProfileConfig profile, Vault vault) {
        if (vault.credentials().has(profile.profileName())) {
            return profile.profileName();
        }
        String source = profile.sourceProfileName();
        if (!source.isEmpty() && vault.credentials().has(source)) {
            return source;
        }
        throw new AwsVaultException("Error determining credential name for '" + profile.profileName()
                + "': No master credentials found");
    }

    /** Whether the provider tree would give this profile a GetSessionToken session without MFA. */
    static boolean sessionWithoutMfa(ProfileConfig profile, Vault vault) {
        return vault.credentials().has(profile.profileName()) && !profile.hasRole() && !profile.hasMfaSerial();
    }

    /** The profile and its source profiles, whose cached sessions were made from the old key. */
    static List<String> profilesInChain(ProfileConfig profile) {
        List<String> names = new ArrayList<>();
        for (Optional<ProfileConfig> p = Optional.of(profile); p.isPresent(); p = p.get().sourceProfile()) {
            names.add(p.get().profileName());
        }
        return names;
    }

    /** The IAM user's name in {@code arn:…:iam::<account>:user/<path/>name}, or null for other principals. */
    static String userName(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length == 6 && parts[2].equals("iam") && parts[5].startsWith("user/")) {
            return parts[5].substring(parts[5].lastIndexOf('/') + 1);
        }
        return null;
    }

    /** Stores the new key and reads it back. */
    private static void store(Vault vault, String master, AwsCredentials key) {
        vault.credentials().set(master, key);
        Optional<AwsCredentials> back = vault.credentials().get(master);
        if (back.isEmpty() || !back.get().accessKeyId().equals(key.accessKeyId())
                || !back.get().secretAccessKey().equals(key.secretAccessKey())) {
            throw new AwsVaultException("the vault did not give back what was stored");
        }
    }

    /** GetCallerIdentity with the new key (retried as {@link #acceptedArn}) must name the principal of the old one. */
    private void proveAccepted(AwsClientSettings aws, AwsCredentials created, String expectedArn, Keys keys) {
        String arn = acceptedArn(aws, created, keys.newShown());
        if (!arn.equals(expectedArn)) {
            throw new AwsVaultException("it belongs to " + arn + ", not to " + expectedArn);
        }
    }

    /**
     * GetCallerIdentity's ARN for a key. While IAM propagates a new key, STS refuses it (InvalidClientTokenId): that
     * is retried, waiting 0.5 s, 1 s, 2 s, 4 s, then 5 s, for up to 60 s.
     */
    private String acceptedArn(AwsClientSettings aws, AwsCredentials key, String shown) {
        Duration waited = Duration.ZERO;
        Duration delay = FIRST_PROOF_DELAY;
        for (int attempt = 1; ; attempt++) {
            try {
                return Aws.callerArn(aws, key);
            } catch (AwsVaultException e) {
                boolean notYet = Aws.errorCode(e).filter(NOT_YET_ACCEPTED::contains).isPresent();
                if (!notYet || waited.compareTo(PROOF_DEADLINE) >= 0) {
                    throw notYet ? new AwsVaultException("AWS still refused it after " + attempt + " attempts in "
                            + waited.toSeconds() + " s: " + e.getMessage(), e) : e;
                }
                if (attempt == 1) {
                    out.println("Waiting for AWS to accept the access key " + shown);
                    out.flush();
                }
                ctx.debug("Retrying after error: " + e.getMessage());
                pause(delay);
                waited = waited.plus(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_PROOF_DELAY) > 0 ? MAX_PROOF_DELAY : delay.multipliedBy(2);
            }
        }
    }

    /**
     * Deletes the old key with a session from the new one: the provider tree again (reading the new key from the
     * vault, without the cache), or the new key itself with {@code --no-session}. An old key IAM no longer has counts
     * as deleted.
     */
    private void deleteOldKey(ProfileConfig profile, boolean useSession, AwsClientSettings aws, String roleUserName, Keys keys) {
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            try {
                AwsCredentials session = useSession ? new CredentialChain(vc, false, false, "").retrieve(profile)
                        : keys.created;
                Aws.deleteAccessKey(aws, session, keys.old.accessKeyId(), roleUserName);
                out.println("Deleted old access key " + keys.oldShown());
                return;
            } catch (AwsVaultException e) {
                if (Aws.errorCode(e).filter("NoSuchEntity"::equals).isPresent()) {
                    out.println("Old access key " + keys.oldShown() + " was already deleted");
                    return;
                }
                boolean notYet = Aws.errorCode(e).filter(NOT_YET_ACCEPTED::contains).isPresent();
                if (!notYet || waited.compareTo(DELETE_DEADLINE) >= 0) {
                    throw attempt > 1 ? new AwsVaultException("After " + attempt + " attempts, last error: "
                            + e.getMessage(), e) : e;
                }
                ctx.debug("Retrying after error: " + e.getMessage());
                pause(DELETE_INTERVAL);
                waited = waited.plus(DELETE_INTERVAL);
            }
        }
    }

    /**
     * Takes back a new key that must not be used: the old key goes back into the vault (read back), then the new
     * key is deleted from IAM with the session that created it. Returns the state this leaves, for the message.
     */
    private String undo(Vault vault, AwsClientSettings aws, AwsCredentials session, Keys keys) {
        try {
            store(vault, keys.master, keys.old);
        } catch (AwsVaultException e) {
            return "could not put the old key back into the vault (" + e.getMessage() + "): the vault item '"
                    + keys.master + "' may hold the new key " + keys.newShown() + "; IAM holds both the old key "
                    + keys.oldShown() + " and the new key";
        }
        try {
            Aws.deleteAccessKey(aws, session, keys.created.accessKeyId(), keys.roleUserName);
        } catch (AwsVaultException e) {
            return "the vault holds the old key " + keys.oldShown() + " again, which still works; the new key "
                    + keys.newShown() + " is still in IAM and could not be deleted (" + e.getMessage()
                    + "): delete it with: " + keys.deleteCommand(keys.created.accessKeyId());
        }
        return "the new key was deleted again: nothing changed, the vault and IAM hold the old key " + keys.oldShown();
    }

    /** The message for CreateAccessKey's LimitExceeded, naming the key that is not in the vault when IAM lists it. */
    private String limitExceeded(AwsClientSettings aws, AwsCredentials session, String roleUserName, Keys keys) {
        String who = keys.userName != null ? "IAM user " + keys.userName : "the IAM user";
        String other = "";
        try {
            List<String> ids = new ArrayList<>(Aws.accessKeyIds(aws, session, roleUserName));
            ids.remove(keys.old.accessKeyId());
            if (ids.size() == 1) {
                other = " (the vault holds " + keys.oldShown() + "; delete the other one, " + ids.get(0)
                        + ", if it is not in use: " + keys.deleteCommand(ids.get(0)) + ")";
            }
        } catch (AwsVaultException e) {
            ctx.debug("Cannot list the access keys: " + e.getMessage());
        }
        return "Error creating a new access key: " + who + " already has 2 access keys, the most IAM allows" + other
                + "; nothing changed: the vault and IAM still hold the old key " + keys.oldShown();
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsVaultException("interrupted");
        }
    }

    private static AwsVaultException failure(String what, AwsVaultException cause, String state) {
        return new AwsVaultException(what + ": " + cause.getMessage() + "; " + state, cause);
    }

    /** The keys of one rotation, and how messages show them. */
    private static final class Keys {
        final String master;
        final AwsCredentials old;
        AwsCredentials created;
        /** The IAM user's name, when the stored keys are an IAM user's. */
        String userName;
        /** The user name IAM calls name explicitly: only when a role's session makes them. */
        String roleUserName;

        Keys(String master, AwsCredentials old) {
            this.master = master;
            this.old = old;
        }

        String oldShown() {
            return AwsCredentials.mask(old.accessKeyId());
        }

        String newShown() {
            return AwsCredentials.mask(created.accessKeyId());
        }

        String nothingChanged() {
            return "nothing changed: the vault and IAM still hold the old key " + oldShown();
        }

        String oldStillActive() {
            return "the vault holds the new key " + newShown() + ", which works; the old key " + oldShown()
                    + " is still active in IAM: delete it with: " + deleteCommand(old.accessKeyId());
        }

        /** An AWS CLI command line that deletes a key (key ids are not secrets; the user needs the whole id). */
        String deleteCommand(String accessKeyId) {
            return "aws iam delete-access-key --access-key-id " + accessKeyId
                    + (userName != null ? " --user-name " + userName : "");
        }
    }
}
