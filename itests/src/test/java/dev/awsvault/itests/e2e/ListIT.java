package dev.awsvault.itests.e2e;

import static dev.awsvault.itests.e2e.Checks.assertOutput;
import static dev.awsvault.itests.e2e.Checks.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awsvault.itests.Fixture;

/** {@code list} over the original's file keyring: the table, {@code --profiles}, {@code --credentials}. */
class ListIT {

    @TempDir
    Path tmp;

    @Test
    void listPrintsExactlyWhatTheOriginalPrinted() {
        Result result = Sandbox.withFixture(tmp).run("list");
        assertSuccess(result);
        assertArrayEquals(Fixture.expectedList(), result.out(), result::describe);
    }

    @Test
    void listProfilesPrintsTheConfigsProfilesInFileOrder() {
        assertOutput("home\nwork/admin\n", Sandbox.withFixture(tmp).run("list", "--profiles"));
    }

    @Test
    void listCredentialsPrintsTheStoredNames() {
        assertOutput("home\nwork/admin\n", Sandbox.withFixture(tmp).run("list", "--credentials"));
    }
}
