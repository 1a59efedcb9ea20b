# ---- rbc runtime: the same in every generated script ---------------------------
RB_YES=0
RB_DRY_RUN=0
RB_CONTEXT=""
RB_TRANSCRIPT=""
RB_FROM=1
RB_TRANSCRIPT_READY=0

rb_die() {
  printf 'error: %s\n' "$*" >&2
  exit 2
}

rb_warn() {
  printf 'warning: %s\n' "$*" >&2
}

# A value for an option: refused when it holds a newline (NUL cannot reach bash).
rb_value() {
  case "$2" in
    *$'\n'* | *$'\r'*) rb_die "--$1: values with a newline are refused" ;;
  esac
  printf '%s' "$2"
}

# kubectl, with --context when one was given.
rb_kubectl() {
  if [ -n "$RB_CONTEXT" ]; then
    kubectl --context "$RB_CONTEXT" "$@"
  else
    kubectl "$@"
  fi
}

# For plan output: the program as it will run.
rb_prog() {
  if [ -n "$RB_CONTEXT" ]; then
    printf 'kubectl --context %q' "$RB_CONTEXT"
  else
    printf 'kubectl'
  fi
}

# For plan output: a value shell-quoted, or <name> when it is not set.
rb_q() {
  if [ -n "$1" ]; then
    printf '%q' "$1"
  else
    printf '<%s>' "$2"
  fi
}

# For plan output, inside quotes: the value as is, or <name>.
rb_raw() {
  if [ -n "$1" ]; then
    printf '%s' "$1"
  else
    printf '<%s>' "$2"
  fi
}

rb_transcript_init() {
  [ "$RB_TRANSCRIPT_READY" = 1 ] && return 0
  if [ -z "$RB_TRANSCRIPT" ]; then
    RB_TRANSCRIPT="./${RB_ID}-$(date -u +%Y%m%dT%H%M%SZ).log"
  fi
  {
    printf '# rbc transcript: %s - %s\n' "$RB_ID" "$RB_TITLE"
    printf '# runbook source: %s\n' "$RB_SOURCE"
    printf '# source commit: %s\n' "$(git rev-parse HEAD 2>/dev/null || printf 'unknown (not in a git tree)')"
    printf '# started: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '# command line: %s\n' "$RB_ARGV"
  } >>"$RB_TRANSCRIPT"
  RB_TRANSCRIPT_READY=1
  printf 'transcript: %s\n' "$RB_TRANSCRIPT" >&2
}

# Ask before a command that changes the cluster.
rb_confirm() {
  if [ "$RB_YES" = 1 ]; then
    return 0
  fi
  if [ -t 0 ]; then
    local answer=""
    printf '    Run this? [y/N] ' >&2
    read -r answer || answer=""
    case "$answer" in
      y | Y | yes | YES | Yes) return 0 ;;
    esac
    printf '    declined: not run\n' >&2
    return 1
  fi
  printf 'error: this command changes the cluster and there is no terminal to confirm it; pass --yes to run it\n' >&2
  return 1
}

# rb_run CLASS DESCRIPTION COMMAND_FN SHOW_FN
rb_run() {
  local class="$1" description="$2" command_fn="$3" shown rc started out=2
  shown="$("$4")"
  # A dry run's listing is the output; otherwise banners go to stderr.
  if [ "$RB_DRY_RUN" = 1 ]; then
    out=1
  fi
  printf '\n==> %s\n' "$description" >&"$out"
  if [ "$class" = mutating ]; then
    printf '    $ %s    [changes the cluster]\n' "$shown" >&"$out"
  else
    printf '    $ %s\n' "$shown" >&"$out"
  fi
  if [ "$RB_DRY_RUN" = 1 ]; then
    return 0
  fi
  if [ "$class" = skipped ]; then
    "$command_fn"
    return 0
  fi
  if [ "$class" = mutating ] && ! rb_confirm; then
    return 1
  fi
  rb_transcript_init
  started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '\n## %s\n$ %s\n# started: %s\n' "$description" "$shown" "$started" >>"$RB_TRANSCRIPT"
  set +e
  "$command_fn" 2>&1 | tee -a "$RB_TRANSCRIPT"
  rc="${PIPESTATUS[0]}"
  set -e
  printf '# exit status: %s\n' "$rc" >>"$RB_TRANSCRIPT"
  if [ "$rc" != 0 ]; then
    printf '    failed with exit status %s\n' "$rc" >&2
  fi
  return "$rc"
}

# After a failure: what failed and what was left undone.
rb_stopped() {
  local failed="$1"
  shift
  printf '\nstopped: this command failed: %s\n' "$("$failed")" >&2
  if [ "$#" -gt 0 ]; then
    printf 'left undone:\n' >&2
    local f
    for f in "$@"; do
      printf '    $ %s\n' "$("$f")" >&2
    done
  fi
  return 1
}

# rb_need VAR:option … — every placeholder the commands about to run use.
rb_need() {
  local spec var option missing=""
  for spec in "$@"; do
    var="${spec%%:*}"
    option="${spec#*:}"
    if [ -z "${!var-}" ]; then
      missing="$missing --$option"
    fi
  done
  if [ -n "$missing" ] && [ "$RB_DRY_RUN" != 1 ]; then
    rb_die "missing value for:$missing (or the RB_* environment variables; see --help)"
  fi
}
# ---- end of the rbc runtime ----------------------------------------------------
