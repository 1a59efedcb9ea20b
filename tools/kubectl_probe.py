"""Shared helpers for running the real kubectl binary in a hermetic way.

Used by tools/gen-kubectl-tree.py and tools/kubectl-verdict.py (standard
library only).

Every invocation gets its own fresh temporary directory that serves as
  * HOME             (no ~/.kube/config, no ~/.kube/kuberc, cache dir inside it)
  * the working dir  (empty: relative paths such as `-f pod.yaml` do not exist)
  * PATH             (an empty bin/ dir: no `kubectl-*` plugins are found, so an
                      unknown command is never dispatched to a plugin)
and KUBECONFIG points at a file inside it that does not exist.  That is the
same as KUBECONFIG=/nonexistent for reading (kubectl falls back to its default
http://localhost:8080 server, which refuses the connection), but commands that
*write* a kubeconfig (`kubectl config set-context ...`; we run as root, so
/nonexistent would really be created) write into the throw-away directory and
cannot influence later invocations.  stdin is /dev/null.
"""

import os
import shutil
import subprocess
import tempfile

# Marker used in place of the per-run temporary HOME in any captured text, so
# that output does not depend on the temporary directory name.
HOME_MARKER = "$HOME"


class Result:
    __slots__ = ("rc", "out", "err", "timed_out")

    def __init__(self, rc, out, err, timed_out):
        self.rc = rc
        self.out = out
        self.err = err
        self.timed_out = timed_out

    def err_lines(self):
        return self.err.splitlines()


def run_kubectl(kubectl, args, timeout=20.0, extra_env=None):
    """Run `kubectl ARGS` hermetically and return a Result.

    On timeout the process group is killed and timed_out is True (output
    captured so far is kept)."""
    tmp = tempfile.mkdtemp(prefix="rbc-kubectl-")
    try:
        home = os.path.join(tmp, "home")
        work = os.path.join(tmp, "work")
        bindir = os.path.join(tmp, "bin")
        for d in (home, work, bindir):
            os.mkdir(d)
        env = {
            "HOME": home,
            "KUBECONFIG": os.path.join(tmp, "nonexistent", "kubeconfig"),
            "PATH": bindir,
            "LANG": "C",
            "LC_ALL": "C",
            "TERM": "dumb",
            "TMPDIR": tmp,
        }
        if extra_env:
            env.update(extra_env)
        proc = subprocess.Popen(
            [kubectl] + list(args),
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        timed_out = False
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(proc.pid, 9)
            except ProcessLookupError:
                pass
            out, err = proc.communicate()
        out = out.decode("utf-8", "replace").replace(home, HOME_MARKER).replace(tmp, "$TMP")
        err = err.decode("utf-8", "replace").replace(home, HOME_MARKER).replace(tmp, "$TMP")
        return Result(proc.returncode, out, err, timed_out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
