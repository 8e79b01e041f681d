package dev.awsvault.api.command;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.awsvault.invocation.Invocation;

/** A parsed command line and the invocation it came with. Provided by the core. */
@ProviderType
public interface CommandContext {

    Invocation invocation();

    /** The value of a flag of this command or a global flag: given, else from its environment variable, else its default. */
    Optional<String> flag(String longName);

    /** A boolean flag's value ({@code --x} true, {@code --no-x} false, else env/default, else false). */
    boolean isSet(String longName);

    /** Whether the flag was written on the command line (not merely defaulted). */
    boolean isGiven(String longName);

    /** A positional argument's value. */
    Optional<String> arg(String name);

    /** A remainder argument's words (empty when none). */
    List<String> args(String name);

    /** Whether {@code --debug} is on. */
    boolean debug();

    /** Writes one line to stderr when {@code --debug} is on; never pass secrets. */
    void debug(String message);
}
