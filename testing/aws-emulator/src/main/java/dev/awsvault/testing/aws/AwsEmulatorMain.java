package dev.awsvault.testing.aws;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the emulator standalone, for manual and bench use:
 * <pre>
 * java -cp aws-emulator.jar:jackson-core.jar dev.awsvault.testing.aws.AwsEmulatorMain --port 18911 \
 *      --seed alice:AKIAEXAMPLE000000001:secret --mfa arn:aws:iam::123456789012:mfa/alice=123456 \
 *      --role arn:aws:iam::123456789012:role/Admin --sso-role 123456789012/ReadOnly --new-keys-refused-for 2 --log
 * </pre>
 * It prints {@code AWS emulator listening on http://127.0.0.1:PORT} and runs until killed (or {@code --exit-after}).
 */
public final class AwsEmulatorMain {
    private AwsEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        long exitAfter = 0;
        boolean log = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--log")) {
                log = true;
            } else if (args[i].equals("--auto-approve")) {
                continue;
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                usage(0);
            } else if (i + 1 >= args.length) {
                System.err.println("missing value for " + args[i]);
                usage(2);
            } else if (args[i].equals("--port")) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--exit-after")) {
                exitAfter = Long.parseLong(args[++i]);
            } else {
                i++;
            }
        }
        AwsEmulator emu = AwsEmulator.start(port);
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--seed" -> {
                        String[] s = v.split(":", 3);
                        if (s.length != 3) {
                            throw new IllegalArgumentException("--seed wants user:AKID:SECRET, got " + v);
                        }
                        emu.seedUser(s[0], s[1], s[2]);
                        i++;
                    }
                    case "--mfa" -> {
                        int eq = v.lastIndexOf('=');
                        emu.expectMfa(v.substring(0, eq), v.substring(eq + 1));
                        i++;
                    }
                    case "--role" -> {
                        emu.defineRole(v);
                        i++;
                    }
                    case "--role-12h" -> {
                        emu.defineRole(RoleSpec.of(v).maxSessionDuration(Duration.ofHours(12)));
                        i++;
                    }
                    case "--sso-role" -> {
                        String[] s = v.split("/", 2);
                        emu.grantSsoRole(s[0], s[1]);
                        i++;
                    }
                    case "--sso-token" -> {
                        emu.seedSsoToken(v, Duration.ofHours(8));
                        i++;
                    }
                    case "--web-identity" -> {
                        int eq = v.lastIndexOf('=');
                        emu.acceptWebIdentityToken(v.substring(0, eq), v.substring(eq + 1));
                        i++;
                    }
                    case "--auto-approve" -> emu.autoApproveDevices(true);
                    case "--new-keys-refused-for" -> {
                        emu.newKeysRefusedFor(Integer.parseInt(v));
                        i++;
                    }
                    case "--port", "--exit-after" -> i++;
                    case "--log" -> { }
                    default -> {
                        System.err.println("unknown option " + a);
                        usage(2);
                    }
                }
            }
        } catch (RuntimeException e) {
            emu.close();
            System.err.println("aws-emulator: " + e.getMessage());
            System.exit(2);
        }
        if (log) {
            emu.onCall(c -> System.out.println(c));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emu::close, "aws-emulator-shutdown"));
        System.out.println("AWS emulator listening on " + emu.endpoint());
        System.out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        if (exitAfter > 0) {
            forever.await(exitAfter, TimeUnit.SECONDS);
            emu.close();
        } else {
            forever.await();
        }
    }

    private static void usage(int rc) {
        System.err.println("usage: AwsEmulatorMain [--port N] [--seed user:AKID:SECRET]... [--mfa SERIAL=CODE]..."
                + " [--role ARN]... [--role-12h ARN]... [--sso-role ACCOUNT/ROLE]... [--sso-token TOKEN]..."
                + " [--web-identity TOKEN=SUBJECT]... [--auto-approve] [--new-keys-refused-for CALLS] [--log]"
                + " [--exit-after SECONDS]");
        System.exit(rc);
    }
}
