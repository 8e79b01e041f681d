package dev.awsvault.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.awsvault.api.command.Command;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.source.CredentialSource;
import dev.awsvault.invocation.CommandRunner;
import dev.awsvault.invocation.Invocation;
import dev.awsvault.invocation.SecretCache;

/**
 * The {@link CommandRunner} front ends call. Plugins (commands, backends, prompts) are tracked dynamically and
 * snapshotted per invocation, so a bundle installed at run time is used by the next command. The
 * {@link dev.awsvault.core.VaultService} commands use is a separate component with no references, because commands
 * reference it and this component references the commands.
 */
@Component(service = CommandRunner.class)
public final class CoreComponent implements CommandRunner {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, KeystoreBackend>> backends;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, PromptDriver>> prompts;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Command> commands;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, CredentialSource>> sources;

    /** Present only inside a resident agent: where unlocked passphrases are kept for a while. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SecretCache secretCache;

    /** Marks bundles the launcher leaves unstarted; the core starts them when a command needs a credential source. */
    static final String START_HEADER = "AwsVault-Start";

    private final Dispatcher dispatcher;
    private final BundleContext context;

    @Activate
    public CoreComponent(BundleContext context) {
        this.context = context;
        Version v = context.getBundle().getVersion();
        String q = v.getQualifier();
        this.dispatcher = new Dispatcher("v" + v.getMajor() + "." + v.getMinor() + "." + v.getMicro()
                + (q.isEmpty() ? "" : "-" + q));
    }

    @Override
    public int run(Invocation invocation) {
        return dispatcher.run(invocation, snapshot());
    }

    /**
     * Starts the bundles marked {@code AwsVault-Start: on-demand} that are not active yet (transiently: the
     * framework storage is shared by concurrent processes and must not change), then lists the sources. SCR
     * registers a started bundle's components while {@code start} runs, and the dynamic reference above is bound
     * as they appear.
     */
    private List<Plugins.Source> loadSources() {
        for (org.osgi.framework.Bundle bundle : context.getBundles()) {
            if ("on-demand".equals(bundle.getHeaders("").get(START_HEADER))
                    && bundle.getState() != org.osgi.framework.Bundle.ACTIVE) {
                try {
                    bundle.start(org.osgi.framework.Bundle.START_TRANSIENT);
                } catch (org.osgi.framework.BundleException | IllegalStateException e) {
                    throw new dev.awsvault.api.AwsVaultException("the credential source bundle "
                            + bundle.getSymbolicName() + " cannot be started: " + Dispatcher.oneLine(e.getMessage()));
                }
            }
        }
        List<Plugins.Source> s = new ArrayList<>();
        List<Map.Entry<Map<String, Object>, CredentialSource>> currentSources = sources;
        if (currentSources != null) {
            for (Map.Entry<Map<String, Object>, CredentialSource> e : currentSources) {
                Object ranking = e.getKey().get(org.osgi.framework.Constants.SERVICE_RANKING);
                boolean wrapper = CredentialSource.KIND_WRAPPER.equals(e.getKey().get(CredentialSource.KIND));
                s.add(new Plugins.Source(e.getValue(), wrapper, ranking instanceof Integer ? (Integer) ranking : 0));
            }
        }
        return s;
    }

    private Plugins snapshot() {
        List<Plugins.Backend> b = new ArrayList<>();
        List<Map.Entry<Map<String, Object>, KeystoreBackend>> current = bundleOrder(backends);
        for (Map.Entry<Map<String, Object>, KeystoreBackend> e : current) {
            Object order = e.getKey().get(KeystoreBackend.ORDER);
            Object name = e.getKey().get(KeystoreBackend.NAME);
            if (name instanceof String) {
                b.add(new Plugins.Backend(e.getValue(), order instanceof Integer ? (Integer) order : Integer.MAX_VALUE,
                        (String) name));
            }
        }
        List<PromptDriver> p = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, PromptDriver> e : bundleOrder(prompts)) {
            if (answersName(e.getValue())) {
                p.add(e.getValue());
            }
        }
        List<Command> c = new ArrayList<>();
        List<Command> currentCommands = commands;
        if (currentCommands != null) {
            for (Command command : currentCommands) {
                if (hasSpec(command)) {
                    c.add(command);
                }
            }
        }
        return new Plugins(b, p, c, this::loadSources).withSecretCache(secretCache);
    }

    /**
     * The services by the id of the bundle that registered them, then by service id: the built-in bundles are
     * installed before the plugins, so when a plugin registers a name that is already taken the built-in one wins,
     * the same way on every run.
     */
    static <S> List<Map.Entry<Map<String, Object>, S>> bundleOrder(List<Map.Entry<Map<String, Object>, S>> services) {
        List<Map.Entry<Map<String, Object>, S>> sorted = new ArrayList<>(services == null ? List.of() : services);
        sorted.sort(java.util.Comparator.<Map.Entry<Map<String, Object>, S>>comparingLong(
                e -> number(e.getKey().get(org.osgi.framework.Constants.SERVICE_BUNDLEID)))
                .thenComparingLong(e -> number(e.getKey().get(org.osgi.framework.Constants.SERVICE_ID))));
        return sorted;
    }

    private static long number(Object value) {
        return value instanceof Number ? ((Number) value).longValue() : Long.MAX_VALUE;
    }

    /** A plugin whose name() throws is left out rather than breaking every command. */
    private static boolean answersName(PromptDriver prompt) {
        try {
            return prompt.name() != null;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean hasSpec(Command command) {
        try {
            return command.spec() != null && command.spec().name() != null;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
