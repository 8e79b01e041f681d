package dev.awsvault.backend.pass;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.awsvault.api.keystore.BackendName;
import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.keystore.KeystoreContext;
import dev.awsvault.api.keystore.KeystoreException;

/**
 * The {@code pass} backend: items in a password-store ({@code --pass-dir}), encrypted by whatever gpg key the
 * store's {@code .gpg-id} names, through the pass program ({@code --pass-cmd}), under an optional folder
 * ({@code --pass-prefix}); readable and writable by the original aws-vault. Available where the pass program is on
 * the caller's PATH.
 */
@Component(service = KeystoreBackend.class)
@BackendName(name = PassKeystoreBackend.NAME, order = 600)
public final class PassKeystoreBackend implements KeystoreBackend {
    static final String NAME = "pass";

    @Override
    public String name() {
        return NAME;
    }

    /** Looks for the pass program on the caller's PATH; starts nothing. */
    @Override
    public boolean isAvailable(KeystoreContext context) {
        return PassCommand.platformSupported()
                && PassCommand.find(PassSettings.of(context).command(), context.environment()) != null;
    }

    /** Cheap: resolves the settings and the program; pass and gpg run on first use. */
    @Override
    public Keystore open(KeystoreContext context) throws KeystoreException {
        if (!PassCommand.platformSupported()) {
            throw new KeystoreException("the pass backend does not work on Windows");
        }
        PassSettings settings = PassSettings.of(context);
        Map<String, String> environment = context.environment();
        Path executable = PassCommand.find(settings.command(), environment);
        if (executable == null) {
            throw new KeystoreException("the pass program is not available: " + PassKeystore.quote(settings.command())
                    + (settings.command().indexOf('/') >= 0 ? " is not an executable file" : " is not on PATH"));
        }
        return new PassKeystore(new PassCommand(executable, settings.childEnvironment(environment)),
                settings.storeDir(), settings.prefix());
    }
}
