package dev.awsvault.plugins;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import dev.awsvault.api.command.ArgSpec;
import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.api.command.UsageException;
import dev.awsvault.plugins.PluginManager.PluginState;
import dev.awsvault.plugins.Registrations.Registration;

/**
 * {@code plugins [list]}, {@code plugins install <jar>}, {@code plugins remove <name>}: plugins join and leave the
 * running framework at once (the next command, or the shell's next line, sees them) and persist as jars in the
 * plugins directory, which the launcher installs at start-up.
 */
@Component(service = Command.class, property = Command.NAME + "=plugins")
public final class PluginsCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("plugins",
            "List, install or remove plugins (bundles in the plugins directory).")
            .arg(ArgSpec.optional("action", "list (the default), install or remove"))
            .arg(ArgSpec.optional("plugin", "install: the plugin's jar; remove: its symbolic name or file name"))
            .flag(FlagSpec.bool("force", "install: replace an installed plugin of the same symbolic name"))
            .build();

    private final PluginManager manager;

    @Activate
    public PluginsCommand(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.manager = new PluginManager(context, scr,
                PluginFolder.fromProperty(context.getProperty(PluginFolder.PROPERTY)));
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        String action = ctx.arg("action").orElse("list");
        PrintStream out = ctx.invocation().out();
        switch (action) {
            case "list":
            case "ls":
                list(out);
                return 0;
            case "install":
                install(ctx, out);
                return 0;
            case "remove":
            case "rm":
                String name = ctx.arg("plugin").orElseThrow(() -> new UsageException("remove needs the plugin's name"));
                Path removed = manager.remove(name);
                out.println("Removed plugin " + removed.getFileName());
                return 0;
            default:
                throw new UsageException("unknown action '" + action + "' (expected list, install or remove)");
        }
    }

    private void install(CommandContext ctx, PrintStream out) {
        String jar = ctx.arg("plugin").orElseThrow(() -> new UsageException("install needs the path of a jar"));
        Path path = ctx.invocation().workingDirectory().resolve(jar).toAbsolutePath().normalize();
        PluginManager.Installed installed = manager.install(path, ctx.isSet("force"));
        out.println((installed.replaced().isPresent() ? "Replaced plugin " : "Installed plugin ")
                + installed.bundle().getSymbolicName() + " " + installed.bundle().getVersion()
                + installed.replaced().map(v -> " (was " + v + ")").orElse("") + " as " + installed.jar());
        if (installed.registrations().isEmpty()) {
            out.println("It registers no backend, prompt, source or command.");
        }
        for (Registration r : installed.registrations()) {
            out.println("  " + r);
        }
    }

    private void list(PrintStream out) {
        List<PluginState> plugins = manager.list();
        if (plugins.isEmpty()) {
            out.println("No plugins installed" + manager.pluginsDirectory().map(d -> " in " + d).orElse("") + ".");
            return;
        }
        Table table = new Table("PLUGIN", "VERSION", "STATE", "FILE", "PROVIDES");
        for (PluginState p : plugins) {
            String provides = p.problems().isEmpty() ? String.join(", ", p.provides())
                    : "NOT WORKING: " + String.join("; ", p.problems());
            table.row(p.symbolicName(), p.version(), p.state(), p.file(), provides.isEmpty() ? "-" : provides);
        }
        table.print(out);
    }
}
