package dev.awsvault.backend.secretservice.dbus;

import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.Position;

/** Two out-arguments of one D-Bus method, e.g. {@code (collection, prompt)} of CreateCollection. */
public final class Pair<A, B> extends Tuple {
    @Position(0)
    private final A first;
    @Position(1)
    private final B second;

    public Pair(A first, B second) {
        this.first = first;
        this.second = second;
    }

    public A first() {
        return first;
    }

    public B second() {
        return second;
    }
}
