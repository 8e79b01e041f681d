package dev.awsvault.core.internal.cli;

/**
 * The shell scripts behind {@code --completion-script-bash}, {@code -zsh} and {@code -fish}. Bash and zsh get the
 * text kingpin v2 generates for an application named {@code aws-vault}; fish (which kingpin has no script for) gets
 * one in the manner of the original's {@code contrib/completions/fish}. Each asks {@code aws-vault --completion-bash}
 * for the candidates.
 */
public final class CompletionScripts {
    private static final String APP = "aws-vault";

    private CompletionScripts() {
    }

    /** Kingpin's bash script: the words up to the cursor go to {@code --completion-bash}, compgen filters. */
    public static String bash() {
        return "\n"
                + "_" + APP + "_bash_autocomplete() {\n"
                + "    local cur prev opts base\n"
                + "    COMPREPLY=()\n"
                + "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
                + "    opts=$( ${COMP_WORDS[0]} --completion-bash \"${COMP_WORDS[@]:1:$COMP_CWORD}\" )\n"
                + "    COMPREPLY=( $(compgen -W \"${opts}\" -- ${cur}) )\n"
                + "    return 0\n"
                + "}\n"
                + "complete -F _" + APP + "_bash_autocomplete -o default " + APP + "\n"
                + "\n";
    }

    /**
     * Kingpin's zsh script. It passes the program name as the first word ({@code words[1,$CURRENT]}); the
     * completion engine skips it.
     */
    public static String zsh() {
        return "#compdef " + APP + "\n"
                + "\n"
                + "_" + APP + "() {\n"
                + "    local matches=($(${words[1]} --completion-bash \"${(@)words[1,$CURRENT]}\"))\n"
                + "    compadd -a matches\n"
                + "\n"
                + "    if [[ $compstate[nmatches] -eq 0 && $words[$CURRENT] != -* ]]; then\n"
                + "        _files\n"
                + "    fi\n"
                + "}\n"
                + "\n"
                + "if [[ \"$(basename -- ${(%):-%x})\" != \"_" + APP + "\" ]]; then\n"
                + "    compdef _" + APP + " " + APP + "\n"
                + "fi\n";
    }

    /**
     * Fish: before a {@code --} word the candidates come from {@code --completion-bash} (the words before the
     * cursor and the partial one); after it, fish completes the command line that follows as its own.
     */
    public static String fish() {
        return "# fish completion for " + APP + "; load with: " + APP + " --completion-script-fish | source\n"
                + "complete -e -c " + APP + "\n"
                + "\n"
                + "function __fish_aws_vault_after_dashdash\n"
                + "    contains -- -- (commandline -opc)\n"
                + "end\n"
                + "\n"
                + "function __fish_aws_vault_complete_arg\n"
                + "    set -l words (commandline -opc)\n"
                + "    set -l program $words[1]\n"
                + "    set -e words[1]\n"
                + "    $program --completion-bash $words (commandline -ct) 2>/dev/null\n"
                + "end\n"
                + "\n"
                + "function __fish_aws_vault_complete_commandline\n"
                + "    set -l words (commandline -opc)\n"
                + "    set -l i (contains -i -- -- $words)\n"
                + "    complete -C (string join -- ' ' $words[(math $i + 1)..-1] (commandline -ct))\n"
                + "end\n"
                + "\n"
                + "complete -c " + APP + " -n 'not __fish_aws_vault_after_dashdash' -f -a '(__fish_aws_vault_complete_arg)'\n"
                + "complete -c " + APP + " -n '__fish_aws_vault_after_dashdash' -f -a '(__fish_aws_vault_complete_commandline)'\n";
    }
}
