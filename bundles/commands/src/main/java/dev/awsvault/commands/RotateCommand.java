package dev.awsvault.commands;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.Completion;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.core.VaultService;

/**
 * {@code rotate <profile>}: replaces the stored access key with a new one ({@code cli/rotate.go}), transactionally
 * ({@link KeyRotation}). This class names no AWS SDK type, so registering the command never loads the SDK.
 */
@Component(service = Command.class, property = Command.NAME + "=rotate")
public final class RotateCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("rotate", "Rotate credentials.")
            .flag(FlagSpec.bool("no-session", "Use master credentials, no session or role used").withShort('n'))
            .arg(ArgSpec.required("profile", "Name of the profile").withCompletion(Completion.PROFILE))
            .build();

    private final VaultService vaults;
    private final KeyRotation.Checkpoint checkpoint;
    private final KeyRotation.Sleeper sleeper;

    @Activate
    public RotateCommand(@Reference VaultService vaults) {
        this(vaults, KeyRotation.Checkpoint.HALT_ON_REQUEST, KeyRotation.Sleeper.REAL);
    }

    RotateCommand(VaultService vaults, KeyRotation.Checkpoint checkpoint, KeyRotation.Sleeper sleeper) {
        this.vaults = vaults;
        this.checkpoint = checkpoint;
        this.sleeper = sleeper;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        return new KeyRotation(ctx, vaults.context(ctx), checkpoint, sleeper).run();
    }
}
