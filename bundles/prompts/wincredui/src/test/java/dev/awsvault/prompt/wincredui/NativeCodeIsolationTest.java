package dev.awsvault.prompt.wincredui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Off Windows the component must not load any native code, JNA's own library included (checked in a fresh JVM). */
@DisabledOnOs(OS.WINDOWS)
class NativeCodeIsolationTest {

    @Test
    void theComponentLoadsNoNativeCodeOffWindows() throws Exception {
        List<String> out = probe();
        assertTrue(out.contains("available=false"), out.toString());
        assertTrue(out.contains("prompt: the wincredui prompt is only available on Windows"), out.toString());
        assertEquals("jna.loaded=null", out.get(out.size() - 1), out.toString());
    }

    @Test
    void theProbeSeesJnaWhenItIsLoaded() throws Exception {
        List<String> out = probe("control");
        assertEquals("jna.loaded=true", out.get(out.size() - 1), out.toString());
    }

    static List<String> probe(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                NoNativeProbe.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), new String(output, StandardCharsets.UTF_8));
        return new String(output, StandardCharsets.UTF_8).lines().toList();
    }
}
