#!/usr/bin/env python3
"""Runs a command on a new pseudo-terminal (its controlling terminal) and answers its prompts.

usage: ptydrive.py STEPS_JSON [--cmdlines FILE] -- COMMAND [ARGS...]

STEPS_JSON is a file holding a list of steps, done in order:
  {"expect": "text", "send": "answer\\n", "noecho": false, "timeout": 30}
Each step waits until `expect` has appeared in the terminal output (after the previous step's match); with
"noecho": true it then also waits until the terminal's ECHO flag is off (the program is reading a secret), so the
answer is never echoed by the line discipline before the program could turn echo off. Then it writes `send`.
With --cmdlines FILE, the command lines of the program and of its children (from /proc) are appended to FILE
before each answer is sent, one a line, NULs shown as spaces: what `ps` would show while the program waits.

The terminal transcript (everything the program wrote to the terminal, and the terminal's echo) goes to stdout;
the exit status is the command's (128+N when killed by signal N). A step that times out prints a diagnostic to
stderr, kills the command and exits 124. Standard library only (runs on Debian's python3).
"""
import json
import os
import pty
import select
import signal
import sys
import termios
import time


def record_cmdlines(pid, path):
    """Appends the command lines of pid and of its descendants to path."""
    lines = []
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open("/proc/%d/cmdline" % current, "rb") as f:
                lines.append(f.read().replace(b"\0", b" ").decode("utf-8", "replace"))
            for task in os.listdir("/proc/%d/task" % current):
                with open("/proc/%d/task/%s/children" % (current, task)) as f:
                    pending.extend(int(child) for child in f.read().split())
        except OSError:
            continue
    with open(path, "a", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")


def main():
    args = sys.argv[1:]
    cmdlines = None
    if len(args) >= 3 and args[1] == "--cmdlines":
        cmdlines = args[2]
        args = args[:1] + args[3:]
    if len(args) < 3 or args[1] != "--":
        sys.stderr.write(__doc__)
        return 2
    with open(args[0], encoding="utf-8") as f:
        steps = json.load(f)
    command = args[2:]

    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)

    transcript = bytearray()
    position = 0
    eof = False

    def pump(timeout):
        nonlocal eof
        if eof:
            return False
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the slave side was closed (the program ended)
            data = b""
        if not data:
            eof = True
            return False
        transcript.extend(data)
        return True

    def give_up(message):
        sys.stdout.buffer.write(bytes(transcript))
        sys.stdout.flush()
        sys.stderr.write("ptydrive: %s\n" % message)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        sys.exit(124)

    for step in steps:
        expect = step["expect"].encode("utf-8")
        deadline = time.monotonic() + float(step.get("timeout", 30))
        while True:
            found = transcript.find(expect, position)
            if found >= 0:
                position = found + len(expect)
                break
            if eof:
                give_up("the program ended before it printed %r" % step["expect"])
            if time.monotonic() > deadline:
                give_up("timed out waiting for %r" % step["expect"])
            pump(0.05)
        if step.get("noecho"):
            while termios.tcgetattr(fd)[3] & termios.ECHO:
                if time.monotonic() > deadline:
                    give_up("echo was never turned off after %r" % step["expect"])
                pump(0.01)
        if cmdlines:
            record_cmdlines(pid, cmdlines)
        os.write(fd, step.get("send", "").encode("utf-8"))

    deadline = time.monotonic() + 60
    while not eof and time.monotonic() < deadline:
        pump(0.1)
    if not eof:
        give_up("the program did not end")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    sys.stdout.buffer.write(bytes(transcript))
    sys.stdout.flush()
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
