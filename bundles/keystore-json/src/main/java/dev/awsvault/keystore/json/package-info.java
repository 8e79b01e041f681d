/**
 * The original keyring's Item-JSON, shared by the backends that store it (file, pass, Secret Service, KWallet):
 * {@link dev.awsvault.keystore.json.ItemJson} writes Go's exact bytes and reads as leniently as Go.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.awsvault.keystore.json;
