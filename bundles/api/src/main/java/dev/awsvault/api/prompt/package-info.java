/**
 * The prompt-driver SPI: how MFA codes and secrets are asked for (terminal, zenity, kdialog, ykman, …). A driver
 * bundle registers a {@link dev.awsvault.api.prompt.PromptDriver} with a {@link dev.awsvault.api.prompt.PromptDriver#NAME}
 * property, the value users give to {@code --prompt}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.awsvault.api.prompt;
