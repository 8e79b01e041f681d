package dev.awsvault.api.keystore;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Sets the {@link KeystoreBackend#NAME} and {@link KeystoreBackend#ORDER} service properties of a backend. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface BackendName {
    String PREFIX_ = "awsvault.keystore.";

    /** The backend's name ({@code awsvault.keystore.name}). */
    String name();

    /** The default-order position ({@code awsvault.keystore.order}); {@link Integer#MAX_VALUE}: only when named. */
    int order() default Integer.MAX_VALUE;
}
