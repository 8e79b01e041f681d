package dev.awsvault.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.api.AwsVaultException;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreItem;
import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.api.source.SourceRequest;
import dev.awsvault.core.config.ConfigFile;
import dev.awsvault.core.config.ConfigLoader;
import dev.awsvault.core.config.ProfileConfig;

/** The provider tree of reference §4.1–§4.3, with recording stand-ins for the sources. */
class CredentialChainTest {
    @TempDir
    Path home;

    /** Every call a stand-in source made: "name profile mfa=… duration=… upstream=<akid>". */
    final List<String> calls = new ArrayList<>();

    final class Recording implements CredentialSource {
        final String name;
        final String appliesWhen;

        Recording(String name, String appliesWhen) {
            this.name = name;
            this.appliesWhen = appliesWhen;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<CredentialProvider> providerFor(SourceRequest r) {
            if (appliesWhen != null && r.value(appliesWhen).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(() -> {
                String upstream = r.upstream().map(u -> u.retrieve().accessKeyId()).orElse("-");
                calls.add(name + " " + r.profileName() + " mfa=" + r.value("mfa_serial").orElse("") + " duration="
                        + r.duration() + " upstream=" + upstream);
                return AwsCredentials.of("ASIA" + calls.size(), "s", "t", Instant.now().plus(Duration.ofHours(1)));
            });
        }
    }

    class Context implements VaultContext {
        final Map<String, KeystoreItem> items = new TreeMap<>();
        final Keystore keystore = new Keystore() {
            @Override public List<String> keys() { return new ArrayList<>(items.keySet()); }
            @Override public Optional<KeystoreItem> get(String k) { return Optional.ofNullable(items.get(k)); }
            @Override public void set(KeystoreItem i) { items.put(i.key(), i); }
            @Override public boolean remove(String k) { return items.remove(k) != null; }
        };
        final List<CredentialSource> sources = List.of(new Recording(CredentialSource.GET_SESSION_TOKEN, null),
                new Recording(CredentialSource.ASSUME_ROLE, "role_arn"));
        final List<CredentialSource> base = List.of(new Recording(CredentialSource.SSO_ROLE_CREDENTIALS, "sso_start_url"),
                new Recording(CredentialSource.ASSUME_ROLE_WITH_WEB_IDENTITY, "web_identity_token_file"),
                new Recording(CredentialSource.CREDENTIAL_PROCESS, "credential_process"));

        @Override public Path homeDirectory() { return home; }
        @Override public Path configPath() { return home.resolve("config"); }
        @Override public ConfigFile config() { throw new UnsupportedOperationException(); }
        @Override public String backendName() { return "memory"; }
        @Override public Vault vault() { return new Vault(keystore); }
        @Override public Vault vault(String backendName) { throw new UnsupportedOperationException(); }
        @Override public List<String> availableBackends() { return List.of("memory"); }
        final List<Boolean> promptsAvoidingTerminal = new ArrayList<>();

        @Override
        public PromptDriver promptDriver(boolean avoidTerminal) {
            promptsAvoidingTerminal.add(avoidTerminal);
            return new PromptDriver() {
                @Override public String name() { return "fixed"; }
                @Override public boolean isAvailable(PromptContext c) { return true; }
                @Override public String prompt(dev.awsvault.api.prompt.PromptRequest r, PromptContext c) { return "123456"; }
            };
        }

        @Override public PromptContext promptContext() { return null; }
        @Override public Map<String, String> environment() { return Map.of(); }
        @Override public PrintStream messages() { return System.err; }

        @Override
        public Optional<CredentialSource> credentialSource(String name) {
            return java.util.stream.Stream.concat(sources.stream(), base.stream()).filter(s -> s.name().equals(name))
                    .findFirst();
        }

        @Override public List<CredentialSource> baseCredentialSources() { return base; }
    }

    final Context context = new Context();

    private ProfileConfig profile(String config, String name) {
        return new ConfigLoader(ConfigFile.parse(config, "config"), Map.of(), ProfileConfig.Base.empty()).load(name);
    }

    private void store(String name) {
        context.vault().credentials().set(name, AwsCredentials.of("AKIA" + name.toUpperCase(), "secret"));
    }

    @Test
    void storedKeysGetASessionTokenWithTheProfilesMfaAndOneHour() {
        store("base");
        ProfileConfig p = profile("[profile base]\nmfa_serial = arn:mfa/me\n", "base");
        AwsCredentials c = new CredentialChain(context, false).retrieve(p);
        assertEquals(List.of("sts.GetSessionToken base mfa=arn:mfa/me duration=PT1H upstream=AKIABASE"), calls);
        assertTrue(c.sessionToken().isPresent());
        new CredentialChain(context, false).retrieve(p);
        assertEquals(1, calls.size(), "the second call comes from the cache");
        assertTrue(context.items.keySet().stream().anyMatch(k -> k.startsWith("sts.GetSessionToken,YmFzZQ,")),
                context.items.keySet().toString());
    }

    @Test
    void noSessionGivesTheStoredKeys() {
        store("base");
        AwsCredentials c = new CredentialChain(context, true).retrieve(profile("[profile base]\n", "base"));
        assertEquals("AKIABASE", c.accessKeyId());
        assertTrue(calls.isEmpty());
    }

    @Test
    void roleOnStoredKeysIsAssumedDirectlyAndNotCachedWithoutMfa() {
        store("admin");
        ProfileConfig p = profile("[profile admin]\nrole_arn = arn:aws:iam::1:role/a\n", "admin");
        new CredentialChain(context, false).retrieve(p);
        new CredentialChain(context, false).retrieve(p);
        assertEquals(List.of("sts.AssumeRole admin mfa= duration=PT1H upstream=AKIAADMIN",
                "sts.AssumeRole admin mfa= duration=PT1H upstream=AKIAADMIN"), calls);
    }

    @Test
    void chainedMfaSessionFromTheSourceThenRoleWithoutMfa() {
        store("base");
        String config = "[profile base]\nmfa_serial = arn:mfa/me\n[profile role]\nsource_profile = base\n"
                + "role_arn = arn:aws:iam::1:role/r\nmfa_serial = arn:mfa/me\n";
        new CredentialChain(context, false).retrieve(profile(config, "role"));
        assertEquals(List.of("sts.GetSessionToken base mfa=arn:mfa/me duration=PT8H upstream=AKIABASE",
                "sts.AssumeRole role mfa= duration=PT1H upstream=ASIA1"), calls);
    }

    @Test
    void differentSerialsOrALongRoleSessionSkipGetSessionToken() {
        store("base");
        String differ = "[profile base]\nmfa_serial = arn:mfa/a\n[profile role]\nsource_profile = base\n"
                + "role_arn = arn:aws:iam::1:role/r\nmfa_serial = arn:mfa/b\n";
        new CredentialChain(context, false).retrieve(profile(differ, "role"));
        assertEquals(List.of("sts.AssumeRole role mfa=arn:mfa/b duration=PT1H upstream=AKIABASE"), calls);
        calls.clear();
        context.items.keySet().removeIf(k -> !k.equals("base"));
        String longRole = "[profile base]\nmfa_serial = arn:mfa/a\n[profile role2]\nsource_profile = base\n"
                + "role_arn = arn:aws:iam::1:role/r\nmfa_serial = arn:mfa/a\nduration_seconds = 7200\n";
        new CredentialChain(context, false).retrieve(profile(longRole, "role2"));
        assertEquals(List.of("sts.AssumeRole role2 mfa=arn:mfa/a duration=PT2H upstream=AKIABASE"), calls);
    }

    @Test
    void baseSourcesInOrderAndCached() {
        String config = "[profile proc]\ncredential_process = /bin/echo\n[profile sso]\nsso_start_url = https://x/start\n"
                + "sso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = r\ncredential_process = /bin/echo\n";
        new CredentialChain(context, false).retrieve(profile(config, "proc"));
        new CredentialChain(context, false).retrieve(profile(config, "sso"));
        new CredentialChain(context, false).retrieve(profile(config, "sso"));
        assertEquals(List.of("credential_process proc mfa= duration=PT1H upstream=-",
                "sso.GetRoleCredentials sso mfa= duration=PT1H upstream=-"), calls);
        assertTrue(context.items.keySet().stream().anyMatch(k -> k.startsWith("sso.GetRoleCredentials,c3Nv,aHR0cHM6Ly94L3N0YXJ0,")),
                context.items.keySet().toString());
    }

    @Test
    void aCachedSessionIsFoundWithoutLookingUpAnySource() {
        store("base");
        context.vault().sessions().set(CredentialSource.GET_SESSION_TOKEN, "base", "",
                AwsCredentials.of("ASIACACHED", "s", "t", Instant.now().plus(Duration.ofHours(1))));
        Context strict = new Context() {
            @Override
            public Optional<CredentialSource> credentialSource(String name) {
                throw new AssertionError("a cache hit must not start the source bundles");
            }
        };
        strict.items.putAll(context.items);
        assertEquals("ASIACACHED", new CredentialChain(strict, false).retrieve(profile("[profile base]\n", "base"))
                .accessKeyId());
    }

    @Test
    void nothingToGoOnIsCredentialsMissing() {
        AwsVaultException e = assertThrows(AwsVaultException.class,
                () -> new CredentialChain(context, false).retrieve(profile("[profile x]\nregion = eu-west-1\n", "x")));
        assertEquals("profile x: credentials missing", e.getMessage());
    }

    @Test
    void anExpiringSessionIsRefreshedWithinTheMinimumTtl() {
        store("base");
        ProfileConfig p = profile("[profile base]\n", "base");
        context.vault().sessions().set(CredentialSource.GET_SESSION_TOKEN, "base", "",
                AwsCredentials.of("ASIAOLD", "s", "t", Instant.now().plus(Duration.ofMinutes(4))));
        AwsCredentials c = new CredentialChain(context, false).retrieve(p);
        assertEquals(1, calls.size(), "4 minutes left is under AWS_MIN_TTL's 5");
        assertEquals("ASIA1", c.accessKeyId());
        assertEquals(1, context.vault().sessions().keys().size(), "the old session was replaced");
    }

    @Test
    void aRoleOnTopOfAnyProviderIgnoresTheProfilesRoleSettingsAndIsNotCached() {
        ProfileConfig p = profile("[profile admin]\nrole_arn = arn:aws:iam::1:role/own\nexternal_id = x\n"
                + "mfa_serial = arn:mfa/me\nrole_session_name = mine\nsession_tags = a=b\nsource_identity = me\n"
                + "region = eu-west-1\nduration_seconds = 1800\n", "admin");
        List<String> seen = new ArrayList<>();
        CredentialSource assumeRole = new CredentialSource() {
            @Override public String name() { return CredentialSource.ASSUME_ROLE; }
            @Override
            public Optional<CredentialProvider> providerFor(SourceRequest r) {
                return Optional.of(() -> {
                    seen.add(r.value("role_arn").orElse("") + " upstream=" + r.upstream().orElseThrow().retrieve()
                            .accessKeyId() + " duration=" + r.duration() + " region=" + r.aws().region().orElse("")
                            + " rest=" + java.util.stream.Stream.of("mfa_serial", "external_id", "role_session_name",
                                    "session_tags", "transitive_session_tags", "source_identity")
                                    .filter(k -> r.value(k).isPresent()).toList());
                    return AwsCredentials.of("ASIAROLE", "s", "t", Instant.now().plus(Duration.ofHours(1)));
                });
            }
        };
        Context roles = new Context() {
            @Override
            public Optional<CredentialSource> credentialSource(String name) {
                return Optional.of(assumeRole);
            }
        };
        CredentialChain chain = new CredentialChain(roles, false);
        AwsCredentials base = AwsCredentials.of("ASIABASE", "s", "t", Instant.now().plus(Duration.ofHours(1)));
        chain.assumeRoleOnTop(p, "arn:aws:iam::2:role/other", () -> base).retrieve();
        chain.assumeRoleOnTop(p, "arn:aws:iam::2:role/other", () -> base).retrieve();
        String expected = "arn:aws:iam::2:role/other upstream=ASIABASE duration=PT30M region=eu-west-1 rest=[]";
        assertEquals(List.of(expected, expected), seen, "called twice: nothing cached");
        assertTrue(roles.items.isEmpty(), roles.items.keySet().toString());
    }

    @Test
    void serversAskForMfaCodesAwayFromTheTerminal() {
        store("base");
        ProfileConfig p = profile("[profile base]\nmfa_serial = arn:mfa/me\n", "base");
        CredentialSource mfaAsking = new CredentialSource() {
            @Override public String name() { return CredentialSource.GET_SESSION_TOKEN; }
            @Override
            public Optional<CredentialProvider> providerFor(SourceRequest r) {
                return Optional.of(() -> {
                    r.mfa().code(r.value("mfa_serial").orElseThrow());
                    return AwsCredentials.of("ASIAMFA", "s", "t", Instant.now().plus(Duration.ofHours(1)));
                });
            }
        };
        Context asking = new Context() {
            @Override
            public Optional<CredentialSource> credentialSource(String name) {
                return Optional.of(mfaAsking);
            }
        };
        asking.items.putAll(context.items);
        new CredentialChain(asking, false).avoidTerminalPrompts(true).retrieve(p);
        asking.items.keySet().removeIf(k -> !k.equals("base"));
        new CredentialChain(asking, false).retrieve(p);
        assertEquals(List.of(true, false), asking.promptsAvoidingTerminal);
    }
}
