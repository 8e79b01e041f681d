package dev.awsvault.sources.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.awsvault.api.source.AwsClientSettings;
import dev.awsvault.api.source.CredentialSourceException;
import dev.awsvault.testing.aws.AwsEmulator;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;

class SsoClientsTest {

    /** Overrides for SSO and SSO_OIDC only; the profile region differs from sso_region on purpose. */
    record Settings(URI sso, URI oidc) implements AwsClientSettings {
        @Override
        public Optional<String> region() {
            return Optional.of("us-west-2");
        }

        @Override
        public Optional<URI> endpoint(String serviceId) {
            return switch (serviceId) {
                case "SSO" -> Optional.ofNullable(sso);
                case "SSO_OIDC" -> Optional.ofNullable(oidc);
                default -> Optional.empty();
            };
        }

        @Override
        public boolean useLegacyGlobalStsEndpoint() {
            return false;
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(3);
        }

        @Override
        public Duration readTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public int maxAttempts() {
            return 1;
        }
    }

    @Test
    void endpointsFollowTheSsoRegionWithoutOverride() throws Exception {
        Settings s = new Settings(null, null);
        assertEquals(URI.create("https://portal.sso.eu-central-1.amazonaws.com"), AwsClients.ssoEndpoint(s, "eu-central-1"));
        assertEquals(URI.create("https://oidc.eu-central-1.amazonaws.com"), AwsClients.ssoOidcEndpoint(s, "eu-central-1"));
        assertEquals(AwsClients.NO_REGION, assertThrows(CredentialSourceException.class,
                () -> AwsClients.ssoOidc(s, " ")).getMessage());
    }

    @Test
    void unsignedClientsGoToTheirOverrides() throws Exception {
        try (AwsEmulator emu = AwsEmulator.start().seedSsoToken("tok", Duration.ofHours(1))
                .grantSsoRole("111122223333", "ReadOnly")) {
            Settings s = new Settings(emu.endpoint(), emu.endpoint());
            try (SsoOidcClient oidc = AwsClients.ssoOidc(s, "eu-central-1")) {
                RegisterClientResponse r = oidc.registerClient(b -> b.clientName("aws-vault").clientType("public"));
                assertTrue(r.clientId() != null && !r.clientId().isEmpty());
            }
            try (SsoClient sso = AwsClients.sso(s, "eu-central-1")) {
                String akid = sso.getRoleCredentials(b -> b.accessToken("tok").accountId("111122223333")
                        .roleName("ReadOnly")).roleCredentials().accessKeyId();
                assertTrue(akid.startsWith("ASIA"), akid);
            }
            assertEquals(1, emu.callCount("RegisterClient"));
            assertEquals(1, emu.callCount("GetRoleCredentials"));
            assertEquals(null, emu.calls("GetRoleCredentials").get(0).accessKeyId(), "unsigned");
            assertEquals(null, emu.calls("RegisterClient").get(0).accessKeyId(), "unsigned");
        }
    }
}
