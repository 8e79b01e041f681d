package dev.awsvault.api.prompt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Sets the {@link PromptDriver#NAME} service property of a prompt driver. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PromptName {
    String PREFIX_ = "awsvault.prompt.";

    /** The driver's name ({@code awsvault.prompt.name}). */
    String name();
}
