package dev.awsvault.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The plain words plugins are described in: version ranges, SCR failures, tables. */
class TextTest {

    @Test
    void versionRangesReadAsInTheManifest() {
        assertEquals("[2.0.0,3.0.0)", Requirements.range(
                "(&(osgi.wiring.package=dev.awsvault.api.keystore)(version>=2.0.0)(!(version>=3.0.0)))"));
        assertEquals("(1.0.0,1.5.0]", Requirements.range("(&(osgi.wiring.package=x)(!(version<=1.0.0))(version<=1.5.0))"));
        assertEquals("1.2.0 or later", Requirements.range("(&(osgi.wiring.package=x)(version>=1.2.0))"));
        assertEquals("(any version)", Requirements.range("(osgi.wiring.package=x)"));
    }

    @Test
    void scrFailuresBecomeThePluginsOwnMessage() {
        String trace = "java.lang.reflect.InvocationTargetException\n\tat x.y(Z.java:1)\n"
                + "Caused by: java.lang.IllegalStateException: the plugin cannot start\n\tat a.b(C.java:2)\n";
        assertEquals("the plugin cannot start", ComponentHealth.firstLine(trace));
        assertEquals("cannot open the wallet", ComponentHealth.firstLine("com.example.WalletException: cannot open the wallet"));
        assertEquals("NullPointerException", ComponentHealth.firstLine("java.lang.NullPointerException\n\tat x"));
        assertEquals("unknown failure", ComponentHealth.firstLine(null));
    }

    @Test
    void tablesPadColumnsToTheWidestCell() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Table("NAME", "AVAILABLE", "PROVIDED BY").row("file", "yes", "built-in x").row("directory", "no", "plugin y")
                .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("NAME       AVAILABLE  PROVIDED BY\n"
                + "file       yes        built-in x\n"
                + "directory  no         plugin y\n", bytes.toString(StandardCharsets.UTF_8));
    }
}
