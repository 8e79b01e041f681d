package dev.awsvault.shell;

import java.time.Instant;

import org.jline.reader.impl.history.DefaultHistory;

/** A history that keeps nothing: the prompts' reader has it, so no answer to a prompt is ever recorded. */
final class NoHistory extends DefaultHistory {
    @Override
    public void add(Instant time, String line) {
        // never recorded
    }

    @Override
    public void save() {
        // nothing to save
    }

    @Override
    public void load() {
        // nothing to load
    }
}
