package dev.awsvault.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.PassphrasePrompt;
import dev.awsvault.api.prompt.PromptContext;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.prompt.PromptRequest;
import dev.awsvault.invocation.Terminal;

/** A plugin with a taken name or a throwing probe must not break the built-in backends and prompts. */
class UnrulyPluginsTest {

    static final class Backend implements KeystoreBackend {
        final String name;
        final RuntimeException probeFailure;

        Backend(String name, RuntimeException probeFailure) {
            this.name = name;
            this.probeFailure = probeFailure;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isAvailable(KeystoreContext context) {
            if (probeFailure != null) {
                throw probeFailure;
            }
            return true;
        }

        @Override
        public Keystore open(KeystoreContext context) {
            throw new UnsupportedOperationException();
        }
    }

    static final class Prompt implements PromptDriver {
        final String name;
        final boolean throwing;

        Prompt(String name, boolean throwing) {
            this.name = name;
            this.throwing = throwing;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isAvailable(PromptContext context) {
            if (throwing) {
                throw new IllegalStateException("probe bug");
            }
            return true;
        }

        @Override
        public String prompt(PromptRequest request, PromptContext context) {
            return "";
        }
    }

    static final KeystoreContext KEYSTORE = new KeystoreContext() {
        @Override
        public Optional<String> setting(String name) {
            return Optional.empty();
        }

        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public Path homeDirectory() {
            return Path.of("/nonexistent");
        }

        @Override
        public PassphrasePrompt passphrasePrompt() {
            return message -> new char[0];
        }
    };

    static final PromptContext PROMPTS = new PromptContext() {
        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public Terminal terminal() {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void ofTwoBackendsWithOneNameTheFirstInBundleOrderIsKept() {
        Backend builtIn = new Backend("file", null);
        Backend plugin = new Backend("file", null);
        List<Map.Entry<Map<String, Object>, KeystoreBackend>> bound = List.of(entry(plugin, 40L, 90L), entry(builtIn, 7L, 12L));
        List<Map.Entry<Map<String, Object>, KeystoreBackend>> ordered = CoreComponent.bundleOrder(bound);
        assertSame(builtIn, ordered.get(0).getValue());

        Plugins plugins = new Plugins(List.of(new Plugins.Backend(builtIn, 700, "file"), new Plugins.Backend(plugin, 700, "file")),
                List.of(), List.of());
        assertEquals(1, plugins.backends().size());
        assertSame(builtIn, plugins.backends().get(0).service());
        assertSame(builtIn, Selection.named(plugins, "file", KEYSTORE).service());
    }

    @Test
    void aBackendWhoseProbeThrowsIsNotAvailableAndTheOthersStillAre() {
        Backend broken = new Backend("broken", new IllegalStateException("probe bug"));
        Backend file = new Backend("file", null);
        Plugins plugins = new Plugins(List.of(new Plugins.Backend(broken, 100, "broken"), new Plugins.Backend(file, 700, "file")),
                List.of(), List.of());
        assertEquals(List.of("file"), Selection.availableBackends(plugins, KEYSTORE));
        assertSame(file, Selection.backend(plugins, Optional.empty(), KEYSTORE).service());
    }

    @Test
    void aPromptWhoseProbeThrowsIsNotAvailable() {
        Plugins plugins = new Plugins(List.of(), List.of(new Prompt("broken", true), new Prompt("terminal", false),
                new Prompt("terminal", true)), List.of());
        assertEquals(List.of("terminal"), Selection.availablePrompts(plugins, PROMPTS));
    }

    private static Map.Entry<Map<String, Object>, KeystoreBackend> entry(KeystoreBackend backend, long bundleId, long serviceId) {
        return new AbstractMap.SimpleEntry<>(Map.of(Constants.SERVICE_BUNDLEID, bundleId, Constants.SERVICE_ID, serviceId,
                KeystoreBackend.NAME, backend.name()), backend);
    }
}
