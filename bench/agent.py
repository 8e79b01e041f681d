#!/usr/bin/env python3
"""Through-the-agent benchmark (issue 8): whole-process wall time of

    aws-vault list
    aws-vault exec --no-session <profile> -- true

with a running agent, through the native client (lib/native/aws-vault-client, what bin/aws-vault uses when it was
built) and through the Java client (a copy of the distribution without the native client), beside a JVM hello world
and the cold path (AWS_VAULT_AGENT_SKIP=1), all in the same rounds. Also the agent's resident memory, and what stays
resident beside a child of exec (the client replaces itself with the child, so: nothing).

Runs under a temporary HOME / XDG_* over a copy of the fixture; the agent it starts is stopped at the end.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import startup  # noqa: E402  (timed, find_jdks, FIXTURE, ROOT)


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default=os.path.join(startup.ROOT, "launcher", "target", "aws-vault"))
    parser.add_argument("--runs", type=int, default=30, help="measured rounds (default 30)")
    parser.add_argument("--warmup", type=int, default=10, help="warm-up rounds (default 10; the agent's JIT warms up)")
    parser.add_argument("--profile", default="home")
    args = parser.parse_args()

    dist = os.path.abspath(args.dist)
    script = os.path.join(dist, "bin", "aws-vault")
    native = os.path.join(dist, "lib", "native", "aws-vault-client")
    work = tempfile.mkdtemp(prefix="aws-vault-agent-bench-")
    env = None
    try:
        fixture = os.path.join(work, "fixture")
        shutil.copytree(startup.FIXTURE, fixture)
        for dirpath, _, files in os.walk(fixture):
            os.chmod(dirpath, 0o700)
            for name in files:
                os.chmod(os.path.join(dirpath, name), 0o600)
        os.makedirs(os.path.join(work, "home"))
        os.makedirs(os.path.join(work, "run"), mode=0o700)
        env = {
            "PATH": "/usr/bin:/bin", "HOME": os.path.join(work, "home"), "LANG": "C.UTF-8",
            "XDG_CACHE_HOME": os.path.join(work, "cache"), "XDG_DATA_HOME": os.path.join(work, "data"),
            "XDG_RUNTIME_DIR": os.path.join(work, "run"),
            "AWS_CONFIG_FILE": os.path.join(fixture, "config"), "AWS_VAULT_FILE_DIR": os.path.join(fixture, "keys"),
            "AWS_VAULT_FILE_PASSPHRASE": "fixture-passphrase", "AWS_VAULT_BACKEND": "file",
        }
        java_dist = os.path.join(work, "dist-java-client")
        shutil.copytree(dist, java_dist, symlinks=True)
        if os.path.exists(os.path.join(java_dist, "lib", "native", "aws-vault-client")):
            os.remove(os.path.join(java_dist, "lib", "native", "aws-vault-client"))
        java_script = os.path.join(java_dist, "bin", "aws-vault")

        jdks = startup.find_jdks()
        jdk = jdks[max(jdks)]
        hello_dir = os.path.join(work, "hello")
        os.makedirs(hello_dir)
        with open(os.path.join(hello_dir, "Hello.java"), "w") as f:
            f.write('public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n')
        subprocess.run([os.path.join(jdk, "bin", "javac"), "-d", hello_dir, os.path.join(hello_dir, "Hello.java")], check=True)
        hello = [os.path.join(jdk, "bin", "java"), "-Xshare:auto", "-cp", hello_dir, "Hello"]

        # Class-data archives for the cold path and the Java client (trained by the launcher in the background).
        startup.timed([script, "list"], env, work)
        startup.wait_for_archive(os.path.join(work, "cache", "aws-vault", "cds"), 300)
        start = subprocess.run([script, "agent", "start"], env=env, cwd=work, capture_output=True, text=True)
        if start.returncode != 0:
            sys.exit("bench: agent start failed: " + start.stderr)
        status = subprocess.run([script, "agent", "status"], env=env, cwd=work, capture_output=True, text=True)
        agent_pid = int([l for l in status.stdout.splitlines() if l.startswith("pid: ")][0][5:])

        exec_args = ["exec", "--no-session", args.profile, "--", "true"]
        cold_env = dict(env, AWS_VAULT_AGENT_SKIP="1")
        commands = [("hello", hello, env)]
        if os.access(native, os.X_OK):
            commands += [("native client: list", [script, "list"], env),
                         ("native client: exec", [script] + exec_args, env)]
        commands += [("Java client: list", [java_script, "list"], env),
                     ("Java client: exec", [java_script] + exec_args, env),
                     ("cold: exec", [script] + exec_args, cold_env)]
        samples = {name: [] for name, _, _ in commands}
        for round_ in range(args.warmup + args.runs):
            for name, argv, e in commands:
                if name.startswith("cold") and round_ % 5:
                    continue  # the cold path is slow and known (bench/startup.sh): a few samples suffice
                wall, _ = startup.timed(argv, e, work)
                if round_ >= args.warmup:
                    samples[name].append(wall)

        print("aws-vault through a running agent: median wall ms over %d rounds after %d warm-up" % (args.runs, args.warmup))
        print("host: %d CPUs, load %.2f; JDK %d" % (os.cpu_count(), os.getloadavg()[0], max(jdks)))
        for name, _, _ in commands:
            s = samples[name]
            print("%-22s median %7.1f   min %7.1f   max %7.1f   (n=%d)" % (name, statistics.median(s), min(s), max(s), len(s)))
        print("agent resident memory: %.0f MiB (VmRSS of pid %d)" % (rss_kib(agent_pid) / 1024, agent_pid))

        child = subprocess.Popen([script, "exec", "--no-session", args.profile, "--", "sleep", "3"], env=env, cwd=work)
        time.sleep(1.5)
        with open("/proc/%d/cmdline" % child.pid, "rb") as f:
            cmdline = f.read().split(b"\0")[0].decode()
        beside = rss_kib(child.pid) / 1024
        child.wait()
        print("beside a running child: the client's process is now %r (%.1f MiB, the child's own); no JVM stays" % (
            cmdline, beside))
    finally:
        if env is not None:
            subprocess.run([os.path.join(dist, "bin", "aws-vault"), "agent", "stop"], env=env, cwd=work,
                           capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
