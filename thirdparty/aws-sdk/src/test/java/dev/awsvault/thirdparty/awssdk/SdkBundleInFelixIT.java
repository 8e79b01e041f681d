package dev.awsvault.thirdparty.awssdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Smoke test of the packaged wrapper inside a real Felix framework (no SCR): slf4j-api + slf4j-nop + reactive-streams +
 * the SDK bundle must all resolve, and the STS client must be usable through the bundle's class loader, both with an
 * explicit {@code UrlConnectionHttpClient} and with the ServiceLoader lookup (which needs the service file in the
 * bundle). The SDK is NOT on this test's class path (failsafe excludes compile scope): everything goes through
 * reflection on classes loaded from the bundle.
 */
class SdkBundleInFelixIT {

    private static final String CALLER_IDENTITY = """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:iam::123456789012:user/smoke</Arn>
                <UserId>AIDASMOKETESTUSER0001</UserId>
                <Account>123456789012</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
            </GetCallerIdentityResponse>""";

    private static Framework framework;
    private static Bundle sdk;
    private static HttpServer sts;
    private static final AtomicReference<String> lastAuthorization = new AtomicReference<>();

    private static String prop(String name) {
        String v = System.getProperty(name);
        assertNotNull(v, "system property " + name + " (set by the failsafe configuration)");
        assertTrue(new File(v).exists(), name + " -> " + v + " does not exist");
        return v;
    }

    @BeforeAll
    static void boot() throws Exception {
        sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                lastAuthorization.set(ex.getRequestHeaders().getFirst("Authorization"));
                byte[] body = CALLER_IDENTITY.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "text/xml");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        sts.start();

        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, System.getProperty("it.felix.storage", "target/felix-cache-it"));
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        framework = factory.newFramework(config);
        framework.init();
        framework.start();

        var ctx = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (String p : List.of("it.bundle.slf4j-api", "it.bundle.slf4j-nop", "it.bundle.reactive-streams", "it.bundle.sdk")) {
            installed.add(ctx.installBundle(new File(prop(p)).toURI().toString()));
        }
        sdk = installed.get(3);
        long t0 = System.nanoTime();
        boolean all = framework.adapt(FrameworkWiring.class).resolveBundles(installed);
        long resolveMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        if (!all) {
            StringBuilder sb = new StringBuilder("not all bundles resolved:");
            for (Bundle b : installed) {
                sb.append("\n  ").append(b.getSymbolicName()).append(" state=").append(b.getState());
                if (b.getState() == Bundle.INSTALLED) {
                    try {
                        b.start();
                    } catch (Exception e) {
                        sb.append(" -> ").append(e.getMessage());
                    }
                }
            }
            fail(sb.toString());
        }
        for (Bundle b : installed) {
            b.start();
        }
        System.out.printf("[aws-sdk-bundle] %s %s: %d bytes, resolved with its 3 dependencies in %d ms%n",
                sdk.getSymbolicName(), sdk.getVersion(), new File(prop("it.bundle.sdk")).length(), resolveMs);
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
        if (sts != null) {
            sts.stop(0);
        }
    }

    @Test
    void bundleIsActiveWithTheSdkVersion() {
        assertEquals("dev.awsvault.aws.sdk", sdk.getSymbolicName());
        assertEquals("2.57.8", sdk.getVersion().toString());
        assertEquals(Bundle.ACTIVE, sdk.getState());
    }

    @Test
    void stsClientWithExplicitHttpClientCallsGetCallerIdentity() throws Exception {
        Class<?> urlConnection = sdk.loadClass("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient");
        assertTrue(urlConnection.getClassLoader() instanceof BundleReference, "loaded through the bundle");
        Object httpBuilder = urlConnection.getMethod("builder").invoke(null);
        Class<?> ucBuilder = sdk.loadClass("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient$Builder");
        ucBuilder.getMethod("connectionTimeout", Duration.class).invoke(httpBuilder, Duration.ofSeconds(5));
        ucBuilder.getMethod("socketTimeout", Duration.class).invoke(httpBuilder, Duration.ofSeconds(5));
        Object httpClient = sdk.loadClass("software.amazon.awssdk.http.SdkHttpClient$Builder").getMethod("build").invoke(httpBuilder);

        Object client = buildStsClient(httpClient);
        try {
            Object response = client.getClass().getMethod("getCallerIdentity").invoke(client);
            assertEquals("arn:aws:iam::123456789012:user/smoke", call(response, "arn"));
            assertEquals("123456789012", call(response, "account"));
            String auth = lastAuthorization.get();
            assertNotNull(auth);
            assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIASMOKETEST0000001/"), auth);
        } finally {
            ((AutoCloseable) client).close();
            ((AutoCloseable) httpClient).close();
        }
    }

    @Test
    void stsClientFindsTheHttpClientThroughTheServiceFileInTheBundle() throws Exception {
        Object client = buildStsClient(null);
        try {
            Object response = client.getClass().getMethod("getCallerIdentity").invoke(client);
            assertEquals("AIDASMOKETESTUSER0001", call(response, "userId"));
        } finally {
            ((AutoCloseable) client).close();
        }
    }

    @Test
    void otherServiceClientsAndProfileFactoriesLoad() throws Exception {
        for (String c : List.of("software.amazon.awssdk.services.sso.SsoClient",
                "software.amazon.awssdk.services.ssooidc.SsoOidcClient",
                "software.amazon.awssdk.services.iam.IamClient",
                "software.amazon.awssdk.services.sso.auth.SsoProfileCredentialsProviderFactory",
                "software.amazon.awssdk.services.sts.internal.StsProfileCredentialsProviderFactory",
                "software.amazon.awssdk.services.ssooidc.SsoOidcProfileTokenProviderFactory")) {
            Class<?> cls = sdk.loadClass(c);
            assertTrue(cls.getClassLoader() instanceof BundleReference, c);
            assertEquals(sdk, ((BundleReference) cls.getClassLoader()).getBundle(), c);
        }
    }

    private Object buildStsClient(Object httpClientOrNull) throws Exception {
        Class<?> stsClient = sdk.loadClass("software.amazon.awssdk.services.sts.StsClient");
        Object builder = stsClient.getMethod("builder").invoke(null);
        Class<?> region = sdk.loadClass("software.amazon.awssdk.regions.Region");
        Object usEast1 = region.getMethod("of", String.class).invoke(null, "us-east-1");
        Class<?> awsClientBuilder = sdk.loadClass("software.amazon.awssdk.awscore.client.builder.AwsClientBuilder");
        awsClientBuilder.getMethod("region", region).invoke(builder, usEast1);

        Class<?> basic = sdk.loadClass("software.amazon.awssdk.auth.credentials.AwsBasicCredentials");
        Object creds = basic.getMethod("create", String.class, String.class)
                .invoke(null, "AKIASMOKETEST0000001", "smokeSecretKey0000000000000000000000000");
        Class<?> staticProvider = sdk.loadClass("software.amazon.awssdk.auth.credentials.StaticCredentialsProvider");
        Class<?> awsCredentials = sdk.loadClass("software.amazon.awssdk.auth.credentials.AwsCredentials");
        Object provider = staticProvider.getMethod("create", awsCredentials).invoke(null, creds);
        Class<?> providerType = sdk.loadClass("software.amazon.awssdk.auth.credentials.AwsCredentialsProvider");
        awsClientBuilder.getMethod("credentialsProvider", providerType).invoke(builder, provider);

        Class<?> sdkClientBuilder = sdk.loadClass("software.amazon.awssdk.core.client.builder.SdkClientBuilder");
        URI endpoint = URI.create("http://127.0.0.1:" + sts.getAddress().getPort());
        sdkClientBuilder.getMethod("endpointOverride", URI.class).invoke(builder, endpoint);
        if (httpClientOrNull != null) {
            Class<?> syncBuilder = sdk.loadClass("software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder");
            Class<?> sdkHttpClient = sdk.loadClass("software.amazon.awssdk.http.SdkHttpClient");
            syncBuilder.getMethod("httpClient", sdkHttpClient).invoke(builder, httpClientOrNull);
        }
        Method build = sdk.loadClass("software.amazon.awssdk.utils.builder.SdkBuilder").getMethod("build");
        try {
            return build.invoke(builder);
        } catch (InvocationTargetException e) {
            throw new AssertionError("StsClient build failed inside OSGi: " + e.getCause(), e.getCause());
        }
    }

    private static Object call(Object target, String method) throws IOException {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IOException(e);
        }
    }
}
