package dev.awsvault.plugins;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import dev.awsvault.api.command.Command;
import dev.awsvault.api.keystore.KeystoreBackend;
import dev.awsvault.api.prompt.PromptDriver;
import dev.awsvault.api.source.CredentialSource;

/** The aws-vault services a bundle registers, by kind and name (read from service properties, never by calling the plugin). */
final class Registrations {

    /** One kind of plugin service: the word users read and the name property that identifies it. */
    enum Kind {
        BACKEND("backend", KeystoreBackend.class.getName(), KeystoreBackend.NAME),
        PROMPT("prompt", PromptDriver.class.getName(), PromptDriver.NAME),
        SOURCE("source", CredentialSource.class.getName(), CredentialSource.NAME),
        COMMAND("command", Command.class.getName(), Command.NAME);

        final String word;
        final String objectClass;
        final String nameProperty;

        Kind(String word, String objectClass, String nameProperty) {
            this.word = word;
            this.objectClass = objectClass;
            this.nameProperty = nameProperty;
        }

        /** The name of this kind the service registers, or null when it is not a service of this kind. */
        String nameOf(ServiceReference<?> reference) {
            Object classes = reference.getProperty(org.osgi.framework.Constants.OBJECTCLASS);
            if (!(classes instanceof String[])) {
                return null;
            }
            for (String c : (String[]) classes) {
                if (c.equals(objectClass)) {
                    Object name = reference.getProperty(nameProperty);
                    return name instanceof String ? (String) name : "(unnamed)";
                }
            }
            return null;
        }
    }

    /** One registered service: "backend directory". */
    record Registration(Kind kind, String name, ServiceReference<?> reference) {
        @Override
        public String toString() {
            return kind.word + " " + name;
        }
    }

    private Registrations() {
    }

    /** What {@code bundle} registers, in kind order then name. */
    static List<Registration> of(Bundle bundle) {
        List<Registration> found = new ArrayList<>();
        ServiceReference<?>[] references = bundle.getRegisteredServices();
        if (references == null) {
            return found;
        }
        for (Kind kind : Kind.values()) {
            List<Registration> ofKind = new ArrayList<>();
            for (ServiceReference<?> reference : references) {
                String name = kind.nameOf(reference);
                if (name != null) {
                    ofKind.add(new Registration(kind, name, reference));
                }
            }
            ofKind.sort(java.util.Comparator.comparing(Registration::name));
            found.addAll(ofKind);
        }
        return found;
    }
}
