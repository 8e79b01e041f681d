package dev.awsvault.api.keystore;

/** The passphrase given does not open the keystore (or the item was not encrypted with it). */
public class WrongPassphraseException extends KeystoreException {
    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(String message) {
        super(message);
    }
}
