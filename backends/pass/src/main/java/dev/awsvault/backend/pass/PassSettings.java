package dev.awsvault.backend.pass;

import java.util.HashMap;
import java.util.Map;

import dev.awsvault.api.keystore.KeystoreContext;

/**
 * The three settings, resolved as keyring v1.2.2 (aws-vault v7.2.0) does. An empty value counts as unset.
 *
 * @param command {@code --pass-cmd}, default {@code pass}
 * @param storeDir {@code --pass-dir}, else the caller's {@code PASSWORD_STORE_DIR}, else {@code ~/.password-store};
 *        a leading {@code ~/} expanded against the caller's home
 * @param prefix {@code --pass-prefix}, default "" (the store's root)
 */
record PassSettings(String command, String storeDir, String prefix) {
    static final String DEFAULT_COMMAND = "pass";
    static final String STORE_DIR_VARIABLE = "PASSWORD_STORE_DIR";

    static PassSettings of(KeystoreContext context) {
        String command = setting(context, KeystoreContext.PASS_CMD);
        String dir = setting(context, KeystoreContext.PASS_DIR);
        if (dir.isEmpty()) {
            // The original takes the variable even when set to ""; pass itself reads "" as unset, and so do we.
            dir = context.environment().getOrDefault(STORE_DIR_VARIABLE, "");
        }
        String home = context.homeDirectory().toString();
        if (dir.isEmpty()) {
            dir = GoPath.join(home, ".password-store");
        } else if (dir.startsWith("~/")) {
            dir = home + dir.substring(1);
        }
        return new PassSettings(command.isEmpty() ? DEFAULT_COMMAND : command, dir,
                setting(context, KeystoreContext.PASS_PREFIX));
    }

    /** The child's environment: the caller's, with {@code PASSWORD_STORE_DIR} pointing at the store. */
    Map<String, String> childEnvironment(Map<String, String> callerEnvironment) {
        Map<String, String> env = new HashMap<>(callerEnvironment);
        env.put(STORE_DIR_VARIABLE, storeDir);
        return env;
    }

    private static String setting(KeystoreContext context, String name) {
        return context.setting(name).orElse("");
    }
}
