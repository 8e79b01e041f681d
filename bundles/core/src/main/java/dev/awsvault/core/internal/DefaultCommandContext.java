package dev.awsvault.core.internal;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import dev.awsvault.api.command.CommandContext;
import dev.awsvault.core.internal.cli.ParsedLine;
import dev.awsvault.invocation.Invocation;

/** A parsed command line plus its invocation, handed to a command. */
final class DefaultCommandContext implements CommandContext {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss");

    private final Invocation invocation;
    private final ParsedLine line;
    private final Plugins plugins;
    private DefaultVaultContext vaultContext;

    DefaultCommandContext(Invocation invocation, ParsedLine line, Plugins plugins) {
        this.invocation = invocation;
        this.line = line;
        this.plugins = plugins;
    }

    /** The run's vault context, created on first use and closed by the dispatcher when the command ends. */
    synchronized DefaultVaultContext vaultContext() {
        if (vaultContext == null) {
            vaultContext = new DefaultVaultContext(this);
        }
        return vaultContext;
    }

    synchronized void close() {
        if (vaultContext != null) {
            vaultContext.close();
        }
    }

    Plugins plugins() {
        return plugins;
    }

    ParsedLine line() {
        return line;
    }

    @Override
    public Invocation invocation() {
        return invocation;
    }

    @Override
    public Optional<String> flag(String longName) {
        return line.flag(longName);
    }

    @Override
    public boolean isSet(String longName) {
        return line.isSet(longName);
    }

    @Override
    public boolean isGiven(String longName) {
        return line.isGiven(longName);
    }

    @Override
    public Optional<String> arg(String name) {
        return line.arg(name);
    }

    @Override
    public List<String> args(String name) {
        return line.remainder();
    }

    @Override
    public boolean debug() {
        return line.isSet(GlobalFlags.DEBUG);
    }

    @Override
    public void debug(String message) {
        if (debug()) {
            invocation.err().println(LocalDateTime.now().format(LOG_TIME) + " " + message);
            invocation.err().flush();
        }
    }
}
