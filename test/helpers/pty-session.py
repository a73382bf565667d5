"""Runs a command on a pseudo-terminal and answers its questions, as a person at a terminal would.

Reads one JSON object on stdin: {"argv": [...], "cwd": "...", "env": {...}, "steps": [{"expect": "text", "send": "text"}],
"timeout": seconds, optionally "columns": width of the terminal, "max_output": bytes read at most}. Each step waits until
`expect` appears in the output after the previous step's, then types `send`.
Prints one JSON object: {"output": everything the terminal showed, "code": exit code or null, "signal": number or null,
"stalled": index of the step whose text never came, or null}. Python's own pty module: nothing to compile.
"""

import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


def main() -> None:
    job = json.load(sys.stdin)
    deadline = time.monotonic() + float(job.get("timeout", 30))
    pid, fd = pty.fork()
    if pid == 0:
        if "columns" in job:
            # Set before the program starts, so that it never sees another width.
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, job["columns"], 0, 0))
        os.chdir(job["cwd"])
        os.execvpe(job["argv"][0], job["argv"], job["env"])
    max_output = job.get("max_output")

    output = b""
    closed = False

    def read_some() -> bool:
        """Reads what is there within the deadline; False once the terminal closed or time ran out."""
        nonlocal output, closed
        left = deadline - time.monotonic()
        if closed or left <= 0 or (max_output is not None and len(output) >= max_output):
            return False
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return False
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed its side
            chunk = b""
        if not chunk:
            closed = True
            return False
        output += chunk
        return True

    stalled = None
    seen = 0
    for index, step in enumerate(job["steps"]):
        wanted = step["expect"].encode()
        while output.find(wanted, seen) < 0:
            if not read_some():
                stalled = index
                break
        if stalled is not None:
            break
        seen = output.find(wanted, seen) + len(wanted)
        os.write(fd, step["send"].encode())

    while read_some():
        pass
    if not closed:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    json.dump(
        {
            "output": output.decode("utf-8", "replace"),
            "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "stalled": stalled,
        },
        sys.stdout,
    )


main()
