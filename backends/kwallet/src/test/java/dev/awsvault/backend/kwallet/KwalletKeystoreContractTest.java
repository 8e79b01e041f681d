package dev.awsvault.backend.kwallet;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.awsvault.api.keystore.Keystore;
import dev.awsvault.testing.keystore.KeystoreContract;

/** The keystore contract against a real kwalletd5 on a private bus, the wallet opened as pam_kwallet does. */
class KwalletKeystoreContractTest extends KeystoreContract {
    @RegisterExtension
    static final KwalletFixture KWALLET = KwalletFixture.withOpenWallet();

    @Override
    protected Keystore open() throws Exception {
        return KWALLET.backend().open(KWALLET.peer().context());
    }
}
