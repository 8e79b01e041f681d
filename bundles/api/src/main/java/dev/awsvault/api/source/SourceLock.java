package dev.awsvault.api.source;

import org.osgi.annotation.versioning.ProviderType;

/** A held cross-process lock; {@link #close()} releases it. */
@ProviderType
public interface SourceLock extends AutoCloseable {

    @Override
    void close();
}
