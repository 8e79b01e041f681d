package dev.awsvault.api.command;

import org.osgi.annotation.versioning.ConsumerType;

/** One verb of the command line ({@code add}, {@code list}, {@code exec}, …), declared apart from its doing. */
@ConsumerType
public interface Command {

    /** Service property: the command's name as typed. */
    String NAME = "awsvault.command.name";

    /** The verb's declaration: name, help, flags, arguments. */
    CommandSpec spec();

    /**
     * Runs the verb and returns the exit status. User errors are thrown as
     * {@link dev.awsvault.api.AwsVaultException} and printed by the core as {@code aws-vault: error: <cmd>: <msg>}.
     */
    int run(CommandContext context) throws Exception;
}
