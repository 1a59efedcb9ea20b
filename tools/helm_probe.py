"""Shared helpers for running the real helm binary in a hermetic way.

Used by tools/gen-helm-tree.py and tools/helm-verdict.py (standard library only).

Every invocation gets its own fresh temporary directory that serves as
  * HOME, XDG_{CACHE,CONFIG,DATA}_HOME and HELM_{CACHE,CONFIG,DATA}_HOME
    (no repositories.yaml, no registry config, no plugins, empty caches)
  * HELM_PLUGINS   (an empty dir: `helm diff` is an unknown command, as on a
                    machine without the plugin)
  * the working dir  (empty: `./chart`, `-f values.yaml` do not exist)
  * PATH             (an empty bin/ dir)
and KUBECONFIG points at a file inside it that does not exist (helm then talks
to http://localhost:8080, which refuses at once).  stdin is /dev/null (so
`helm registry login` cannot read a password), HELM_DRIVER is unset (secret).
Proxies point at a closed loopback port, so commands that fetch a URL
(`helm repo add`, `helm pull`, `helm search hub`) fail at once instead of
waiting for an unreachable host.
"""

import os
import shutil
import subprocess
import tempfile

HOME_MARKER = "$HOME"
DEAD_PROXY = "http://127.0.0.1:9"  # discard port: connection refused


class Result:
    __slots__ = ("rc", "out", "err", "timed_out")

    def __init__(self, rc, out, err, timed_out):
        self.rc = rc
        self.out = out
        self.err = err
        self.timed_out = timed_out


def run_helm(helm, args, timeout=20.0, extra_env=None):
    """Run `helm ARGS` hermetically and return a Result.

    On timeout the process group is killed and timed_out is True (output
    captured so far is kept)."""
    tmp = tempfile.mkdtemp(prefix="rbc-helm-")
    try:
        home = os.path.join(tmp, "home")
        work = os.path.join(tmp, "work")
        bindir = os.path.join(tmp, "bin")
        plugins = os.path.join(tmp, "plugins")
        for d in (home, work, bindir, plugins):
            os.mkdir(d)
        env = {
            "HOME": home,
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
            "HELM_CACHE_HOME": os.path.join(home, ".cache", "helm"),
            "HELM_CONFIG_HOME": os.path.join(home, ".config", "helm"),
            "HELM_DATA_HOME": os.path.join(home, ".local", "share", "helm"),
            "HELM_PLUGINS": plugins,
            "KUBECONFIG": os.path.join(tmp, "nonexistent", "kubeconfig"),
            "PATH": bindir,
            "LANG": "C",
            "LC_ALL": "C",
            "TERM": "dumb",
            "NO_COLOR": "1",
            "TMPDIR": tmp,
            "HTTP_PROXY": DEAD_PROXY,
            "HTTPS_PROXY": DEAD_PROXY,
            "http_proxy": DEAD_PROXY,
            "https_proxy": DEAD_PROXY,
            "NO_PROXY": "",
        }
        if extra_env:
            env.update(extra_env)
        proc = subprocess.Popen(
            [helm] + list(args),
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
