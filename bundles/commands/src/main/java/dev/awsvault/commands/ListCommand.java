package dev.awsvault.commands;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.awsvault.api.command.Command;
import dev.awsvault.api.command.CommandContext;
import dev.awsvault.api.command.CommandSpec;
import dev.awsvault.api.command.FlagSpec;
import dev.awsvault.core.SessionKey;
import dev.awsvault.core.Vault;
import dev.awsvault.core.VaultContext;
import dev.awsvault.core.VaultService;
import dev.awsvault.core.config.GoDuration;

/** {@code list|ls}: profiles, stored credentials and sessions, in the original's table ({@code cli/list.go}). */
@Component(service = Command.class, property = Command.NAME + "=list")
public final class ListCommand implements Command {
    static final CommandSpec SPEC = CommandSpec.builder("list", "List profiles, along with their credentials and sessions.")
            .alias("ls")
            .flag(FlagSpec.bool("profiles", "Show only the profile names"))
            .flag(FlagSpec.bool("sessions", "Show only the session names"))
            .flag(FlagSpec.bool("credentials", "Show only the profiles with stored credential"))
            .build();

    private final VaultService vaults;

    @Activate
    public ListCommand(@Reference VaultService vaults) {
        this.vaults = vaults;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandContext ctx) {
        PrintStream out = ctx.invocation().out();
        VaultContext vc = vaults.context(ctx);
        if (ctx.isSet("credentials")) {
            for (String name : vc.vault().credentials().names()) {
                out.println(name);
            }
            return 0;
        }
        List<String> profiles = vc.config().profileNames();
        if (ctx.isSet("profiles")) {
            for (String p : profiles) {
                out.println(p);
            }
            return 0;
        }
        Vault vault = vc.vault();
        Instant now = Instant.now();
        List<SessionKey> sessions = new ArrayList<>();
        for (SessionKey s : vault.sessions().keys()) {
            if (s.expiration().isAfter(now)) {
                sessions.add(s);
            }
        }
        List<String> oidc = vault.sessions().oidcTokenKeys();
        if (ctx.isSet("sessions")) {
            for (SessionKey s : sessions) {
                out.println(s);
            }
            for (String key : oidc) {
                out.println(key);
            }
            return 0;
        }

        List<String> credentials = vault.credentials().names();
        Set<String> credentialSet = new HashSet<>(credentials);
        Set<SessionKey> shown = new HashSet<>();
        TabWriter table = new TabWriter(25, 2);
        table.row("Profile", "Credentials", "Sessions");
        table.row("=======", "===========", "========");
        for (String p : profiles) {
            List<String> labels = new ArrayList<>();
            for (SessionKey s : sessions) {
                if (s.profileName().equals(p)) {
                    labels.add(label(s, now));
                    shown.add(s);
                }
            }
            table.row(p, credentialSet.contains(p) ? p : "-", labels.isEmpty() ? "-" : String.join(", ", labels));
        }
        Set<String> profileSet = new HashSet<>(profiles);
        for (String c : credentials) {
            if (!profileSet.contains(c)) {
                table.row("-", c, "-");
            }
        }
        for (SessionKey s : sessions) {
            if (!shown.contains(s)) {
                table.row("-", "-", label(s, now));
            }
        }
        for (String key : oidc) {
            table.row("-", "-", key);
        }
        table.print(out);
        return 0;
    }

    private static String label(SessionKey s, Instant now) {
        Duration left = Duration.between(now, s.expiration()).withNanos(0);
        return s.type() + ":" + GoDuration.format(left);
    }
}
