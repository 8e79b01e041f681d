package dev.awsvault.itests.osgi;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

import dev.awsvault.api.keystore.KeystoreBackend;

/**
 * Boots the Linux feature's bundle list (the core feature plus the Linux keystore backends and the dbus-java wrapper)
 * on Felix: every bundle resolves and starts with the packages the launcher's system bundle exports (JNA, the JDK's
 * {@code com.sun.security.auth.module} for dbus-java's SASL), every backend registers with the original's default
 * order, and no component is broken. The backends' work against their real peers is {@code BackendsIT}'s.
 */
public class LinuxFeatureIT extends AwsVaultTestSupport {

    @Override
    protected String featureList() {
        return "linux.list";
    }

    @Test
    public void everyBundleOfTheFeatureIsActive() {
        assertFeatureBundlesActive();
    }

    @Test
    public void everyLinuxBackendIsRegisteredWithTheOriginalsOrder() {
        for (Object[] expected : List.of(new Object[] {"secret-service", 300}, new Object[] {"kwallet", 400},
                new Object[] {"pass", 600}, new Object[] {"file", 700}, new Object[] {"keyctl", Integer.MAX_VALUE})) {
            String name = (String) expected[0];
            var reference = assertServiceReferenceAvailable(KeystoreBackend.class, "(" + KeystoreBackend.NAME + "=" + name + ")");
            assertEquals(name, expected[1], reference.getProperty(KeystoreBackend.ORDER));
            assertEquals(name, bundleContext.getService(reference).name());
            bundleContext.ungetService(reference);
        }
    }

    @Test
    public void noComponentIsBroken() {
        assertComponentsHealthy();
    }
}
