package dev.awsvault.commands;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.awsvault.api.command.CommandContext;
import dev.awsvault.invocation.Invocation;

/** A {@link Fakes.Context} that keeps the debug lines (the servers log each request there). */
final class RecordingContext implements CommandContext {
    final Fakes.Context delegate;
    final List<String> debugLines = new CopyOnWriteArrayList<>();

    RecordingContext(Fakes.Context delegate) {
        this.delegate = delegate;
    }

    RecordingContext flag(String name, String value) {
        delegate.flag(name, value);
        return this;
    }

    @Override public Invocation invocation() { return delegate.invocation(); }
    @Override public Optional<String> flag(String longName) { return delegate.flag(longName); }
    @Override public boolean isSet(String longName) { return delegate.isSet(longName); }
    @Override public boolean isGiven(String longName) { return delegate.isGiven(longName); }
    @Override public Optional<String> arg(String name) { return delegate.arg(name); }
    @Override public List<String> args(String name) { return delegate.args(name); }
    @Override public boolean debug() { return false; }
    @Override public void debug(String message) { debugLines.add(message); }
}
