#!/usr/bin/env python3
"""Start-up benchmark of the assembled aws-vault: whole-process wall time (and CPU) of

    aws-vault list
    aws-vault exec --no-session <profile> -- true

on the file backend over a copy of the aws-vault 7.2.0 fixture, beside a plain JVM "hello world" measured in the
same rounds with the same JDK. Median of --runs rounds after --warmup rounds; the commands of a configuration run
round-robin so that background noise spreads evenly. Configurations: each JDK (the newest found and JDK 17 by
default), with the class-data archive (AOT cache on JDK 25+, AppCDS on 17-24; trained first by the launcher's own
training run) and without (AWS_VAULT_NO_CDS=1).

Everything runs under a temporary HOME / XDG_CACHE_HOME / XDG_DATA_HOME, so the user's state is never touched.
Standard library only; see bench/README.md.
"""
import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURE = os.environ.get("AWS_VAULT_FIXTURE", os.path.join(ROOT, "testing", "fixtures", "aws-vault-7.2.0-file-keyring"))


def jdk_version(home):
    """(major, minor, patch) from <home>/release, or None."""
    try:
        with open(os.path.join(home, "release"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("JAVA_VERSION="):
                    v = line.split("=", 1)[1].strip().strip('"')
                    parts = [int(p) for p in re.findall(r"\d+", v)[:3]]
                    return tuple(parts + [0] * (3 - len(parts)))
    except OSError:
        return None
    return None


def find_jdks():
    """{major: home} of the JDKs >= 17 under the usual places, newest patch per major."""
    found = {}
    candidates = [os.environ.get("JAVA_HOME", "")]
    for base in ("/usr/lib/jvm", "/Library/Java/JavaVirtualMachines"):
        if os.path.isdir(base):
            for name in sorted(os.listdir(base)):
                home = os.path.join(base, name)
                candidates.append(home)
                candidates.append(os.path.join(home, "Contents", "Home"))
    for home in candidates:
        if not home or not os.access(os.path.join(home, "bin", "java"), os.X_OK):
            continue
        version = jdk_version(home)
        if version and version[0] >= 17:
            home = os.path.realpath(home)
            if version[0] not in found or version > found[version[0]][0]:
                found[version[0]] = (version, home)
    return {major: home for major, (version, home) in found.items()}


def timed(argv, env, cwd, expect_status=0):
    """Runs argv to completion; returns (wall ms, cpu ms of the process tree)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000
    if result.returncode != expect_status:
        sys.exit("bench: %s exited with %d\nstdout: %s\nstderr: %s" % (
            " ".join(argv), result.returncode, result.stdout.decode(errors="replace"),
            result.stderr.decode(errors="replace")))
    if result.stderr:
        sys.exit("bench: %s wrote to stderr (the launcher must print nothing extra):\n%s" % (
            " ".join(argv), result.stderr.decode(errors="replace")))
    return wall, cpu


def wait_for_archive(cds_dir, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for dirpath, _, files in os.walk(cds_dir):
            for name in files:
                if name.endswith(".aot") or name.endswith(".jsa"):
                    return os.path.join(dirpath, name)
        time.sleep(0.25)
    logs = []
    for dirpath, _, files in os.walk(cds_dir):
        for name in files:
            if name.endswith(".log"):
                with open(os.path.join(dirpath, name), errors="replace") as f:
                    logs.append(f.read())
    sys.exit("bench: no class-data archive after %ds; training logs:\n%s" % (timeout, "\n".join(logs)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default=os.path.join(ROOT, "launcher", "target", "aws-vault"),
                        help="the assembled distribution (default: launcher/target/aws-vault)")
    parser.add_argument("--runs", type=int, default=9, help="measured rounds (>= 7; default 9)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up rounds (default 2)")
    parser.add_argument("--jdk", action="append", default=[],
                        help="a JDK home to measure (repeatable; default: the newest found and JDK 17)")
    parser.add_argument("--profile", default="home", help="the fixture profile for exec (default: home)")
    parser.add_argument("--list-command", default="list", help=argparse.SUPPRESS)
    parser.add_argument("--exec-command", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--no-archive-only", action="store_true", help="skip the runs with a class-data archive")
    args = parser.parse_args()
    if args.runs < 7:
        parser.error("--runs must be at least 7")

    script = os.path.join(os.path.abspath(args.dist), "bin", "aws-vault")
    if not os.access(script, os.X_OK):
        sys.exit("bench: %s not found; build first: mvn -B -q install (see README.md)" % script)

    if args.jdk:
        jdks = [(jdk_version(h)[0], os.path.realpath(h)) for h in args.jdk]
    else:
        found = find_jdks()
        if not found:
            sys.exit("bench: no JDK 17 or newer found")
        newest = max(found)
        jdks = [(newest, found[newest])]
        if 17 in found and newest != 17:
            jdks.append((17, found[17]))

    list_cmd = args.list_command.split()
    exec_cmd = (args.exec_command.split() if args.exec_command
                else ["exec", "--no-session", args.profile, "--", "true"])

    work = tempfile.mkdtemp(prefix="aws-vault-bench-")
    try:
        fixture = os.path.join(work, "fixture")
        shutil.copytree(FIXTURE, fixture)
        for dirpath, dirnames, filenames in os.walk(fixture):
            os.chmod(dirpath, 0o700)
            for name in filenames:
                os.chmod(os.path.join(dirpath, name), 0o600)
        home = os.path.join(work, "home")
        os.makedirs(home)
        base_env = {
            "PATH": "/usr/bin:/bin",
            "HOME": home,
            "XDG_CACHE_HOME": os.path.join(work, "cache"),
            "XDG_DATA_HOME": os.path.join(work, "data"),
            "XDG_RUNTIME_DIR": os.path.join(work, "run"),  # no agent there: the cold path is measured
            "AWS_CONFIG_FILE": os.path.join(fixture, "config"),
            "AWS_VAULT_FILE_DIR": os.path.join(fixture, "keys"),
            "AWS_VAULT_FILE_PASSPHRASE": "fixture-passphrase",
            "AWS_VAULT_BACKEND": "file",
            "LANG": "C.UTF-8",
        }
        hello_src = os.path.join(work, "hello", "Hello.java")
        os.makedirs(os.path.dirname(hello_src))
        with open(hello_src, "w") as f:
            f.write('public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n')

        print("aws-vault start-up, median of %d runs after %d warm-up (wall ms; CPU ms in parentheses)" % (
            args.runs, args.warmup))
        print("dist: %s   host: %d CPUs, load %.2f" % (os.path.abspath(args.dist), os.cpu_count(), os.getloadavg()[0]))
        print("list: aws-vault %s   exec: aws-vault %s" % (" ".join(list_cmd), " ".join(exec_cmd)))
        print()
        header = "%-8s %-10s %12s %14s %7s %14s %7s" % ("JDK", "archive", "hello", "list", "ratio", "exec", "ratio")
        print(header)
        print("-" * len(header))
        sys.stdout.flush()

        for major, jdk in jdks:
            classes = os.path.join(work, "hello", str(major))
            os.makedirs(classes, exist_ok=True)
            subprocess.run([os.path.join(jdk, "bin", "javac"), "-d", classes, hello_src], check=True)
            hello = [os.path.join(jdk, "bin", "java"), "-cp", classes, "Hello"]
            configs = [("none", True)] + ([] if args.no_archive_only else [("yes", False)])
            for label, no_cds in configs:
                env = dict(base_env, AWS_VAULT_JAVA_HOME=jdk)
                if no_cds:
                    env["AWS_VAULT_NO_CDS"] = "1"
                else:
                    # The first call starts the launcher's training run in the background; wait for its archive.
                    timed([script] + list_cmd, env, work)
                    wait_for_archive(os.path.join(work, "cache", "aws-vault", "cds"), 300)
                commands = [("hello", hello), ("list", [script] + list_cmd), ("exec", [script] + exec_cmd)]
                samples = {name: [] for name, _ in commands}
                for round_ in range(args.warmup + args.runs):
                    for name, argv in commands:
                        wall, cpu = timed(argv, env, work)
                        if round_ >= args.warmup:
                            samples[name].append((wall, cpu))
                med = {name: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s))
                       for name, s in samples.items()}
                h, l, e = med["hello"], med["list"], med["exec"]
                print("%-8s %-10s %5.0f (%4.0f) %6.0f (%5.0f) %6.1fx %6.0f (%5.0f) %6.1fx" % (
                    major, label, h[0], h[1], l[0], l[1], l[0] / h[0], e[0], e[1], e[0] / h[0]))
                sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
