/**
 * What the prompt drivers that run a program (zenity, kdialog, ykman, osascript) share:
 * {@link dev.awsvault.prompt.program.PromptProgram} finds the program on the caller's PATH, runs it bounded in time
 * and turns what it printed into the answer or a one-line {@link dev.awsvault.api.prompt.PromptException}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.awsvault.prompt.program;
