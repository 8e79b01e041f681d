package dev.awsvault.core;

import org.osgi.annotation.versioning.ProviderType;

import dev.awsvault.api.command.CommandContext;

/** Gives a command what it works on: the config, the selected keystore, the prompts. Registered by the core. */
@ProviderType
public interface VaultService {

    /** The context of one command run; cheap, opens nothing until asked. */
    VaultContext context(CommandContext command);
}
