# ---- rbc runtime: the same in every generated script ---------------------------
# The runtime's own names start with RBC_ / rb_; placeholders' values live in PH_*
# and are read from RB_* environment variables, so neither can shadow the other.
RBC_YES=0
RBC_DRY_RUN=0
RBC_CONTEXT=""
RBC_KCTX=()
RBC_TRANSCRIPT=""
RBC_FROM=1
RBC_TRANSCRIPT_READY=0
RBC_RUNNING=""
RBC_LAST=""

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

# A value that a second shell will parse (`sh -c '…'`, `watch`): plain words only.
rb_plain() {
  case "$1" in
    *[!A-Za-z0-9._:/=@%+,-]*)
      printf 'error: --%s: this command hands the value to another shell, so it may only hold letters, digits and . _ : / = @ %% + , -\n' "$2" >&2
      return 1
      ;;
  esac
}

# --context and --namespace: names, not code (they can reach `watch` and `sh -c`).
rb_check_target() {
  case "$RBC_CONTEXT" in
    *[!A-Za-z0-9._:/=@+-]*) rb_die "--context: '$RBC_CONTEXT' is not a context name" ;;
  esac
  if [ "$RBC_NAMESPACE" != "$RBC_NAMESPACE_DEFAULT" ]; then
    case "$RBC_NAMESPACE" in
      '' | *[!A-Za-z0-9._-]*) rb_die "--namespace: '$RBC_NAMESPACE' is not a namespace name" ;;
    esac
  fi
  if [ -n "$RBC_CONTEXT" ]; then
    RBC_KCTX=(--context "$RBC_CONTEXT")
  fi
}

# Whether --context or --namespace changed where the runbook's commands go.
rb_overridden() {
  [ -n "$RBC_CONTEXT" ] || [ "$RBC_NAMESPACE" != "$RBC_NAMESPACE_DEFAULT" ]
}

# kubectl, with --context when one was given.
rb_kubectl() {
  kubectl ${RBC_KCTX[@]+"${RBC_KCTX[@]}"} "$@"
}

# For plan output: the program as it will run.
rb_prog() {
  if [ -n "$RBC_CONTEXT" ]; then
    printf 'kubectl --context %q' "$RBC_CONTEXT"
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
  [ "$RBC_TRANSCRIPT_READY" = 1 ] && return 0
  if [ -z "$RBC_TRANSCRIPT" ]; then
    RBC_TRANSCRIPT="./${RBC_ID}-$(date -u +%Y%m%dT%H%M%SZ).log"
  fi
  {
    printf '# rbc transcript: %s - %s\n' "$RBC_ID" "$RBC_TITLE"
    printf '# runbook source: %s\n' "$RBC_SOURCE"
    printf '# runbook commit: %s\n' "$RBC_COMMIT"
    printf '# started: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '# command line: %s\n' "$RBC_ARGV"
  } >>"$RBC_TRANSCRIPT"
  RBC_TRANSCRIPT_READY=1
  printf 'transcript: %s\n' "$RBC_TRANSCRIPT" >&2
}

# One command's entry in the transcript, then its outcome.
rb_record_command() {
  printf '\n## %s\n$ %s\n' "$1" "$2" >>"$RBC_TRANSCRIPT"
}

rb_record() {
  printf '# outcome: %s\n' "$1" >>"$RBC_TRANSCRIPT"
}

# Ctrl-C while a command runs: the transcript says so, and nothing more runs. The
# command's output pipe may be gone by then, so the message goes to the stderr the
# script started with (fd 9), and a broken pipe is not fatal here.
exec 9>&2
rb_interrupted() {
  trap - INT TERM
  trap '' PIPE
  if [ -n "$RBC_RUNNING" ] && [ "$RBC_TRANSCRIPT_READY" = 1 ]; then
    rb_record "interrupted"
  fi
  printf '\ninterrupted: nothing more was run\n' >&9 2>/dev/null || true
  exit 130
}
trap rb_interrupted INT TERM

# Ask before a command that changes the cluster: 0 yes, 1 declined, 3 no terminal.
rb_confirm() {
  if [ "$RBC_YES" = 1 ]; then
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
  return 3
}

# rb_run CLASS DESCRIPTION COMMAND_FN SHOW_FN [PINNED]
# PINNED: why --context/--namespace cannot reach the command (it is then refused
# when either is given).
rb_run() {
  local class="$1" description="$2" command_fn="$3" pinned="${5-}" shown rc out=2 answer=0
  shown="$("$4")"
  RBC_LAST=""
  # A dry run's listing is the output; otherwise banners go to stderr.
  if [ "$RBC_DRY_RUN" = 1 ]; then
    out=1
  fi
  printf '\n==> %s\n' "$description" >&"$out"
  if [ "$class" = mutating ]; then
    printf '    $ %s    [changes the cluster]\n' "$shown" >&"$out"
  else
    printf '    $ %s\n' "$shown" >&"$out"
  fi
  if [ -n "$pinned" ] && rb_overridden; then
    printf '    refused: %s; run it by hand, or without --context/--namespace\n' "$pinned" >&"$out"
    if [ "$RBC_DRY_RUN" = 1 ]; then
      return 0
    fi
    rb_transcript_init
    rb_record_command "$description" "$shown"
    rb_record "refused ($pinned)"
    RBC_LAST=refused
    return 1
  fi
  if [ "$RBC_DRY_RUN" = 1 ]; then
    return 0
  fi
  rb_transcript_init
  rb_record_command "$description" "$shown"
  if [ "$class" = skipped ]; then
    "$command_fn"
    rb_record "skipped (rbc reported it as an error; it is not in this script)"
    return 0
  fi
  if [ "$class" = mutating ]; then
    rb_confirm || answer=$?
    if [ "$answer" = 1 ]; then
      rb_record "declined"
      RBC_LAST=declined
      return 1
    elif [ "$answer" != 0 ]; then
      rb_record "refused (no terminal to confirm, and no --yes)"
      RBC_LAST=refused
      return 1
    fi
  fi
  printf '# started: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$RBC_TRANSCRIPT"
  RBC_RUNNING=1
  # In this shell, not a pipeline's subshell: a variable a command sets (`export
  # NS=…`) is there for the next, as when the runbook is followed by hand.
  set +e
  "$command_fn" > >(tee -a "$RBC_TRANSCRIPT") 2>&1
  rc=$?
  set -e
  wait "${!-}" 2>/dev/null || true
  RBC_RUNNING=""
  rb_record "ran, exit status $rc"
  if [ "$rc" != 0 ]; then
    RBC_LAST=failed
    printf '    failed with exit status %s\n' "$rc" >&2
  fi
  return "$rc"
}

# After a command that did not run to success: why we stopped, and what was left undone.
rb_stopped() {
  local stopped="$1" shown f
  shift
  case "$RBC_LAST" in
    declined) printf '\nstopped: you declined this command: %s\n' "$("$stopped")" >&2 ;;
    refused) printf '\nstopped: this command was refused: %s\n' "$("$stopped")" >&2 ;;
    *) printf '\nstopped: this command failed: %s\n' "$("$stopped")" >&2 ;;
  esac
  if [ "$#" -gt 0 ]; then
    printf 'left undone:\n' >&2
    for f in "$@"; do
      shown="$("$f")"
      printf '    $ %s\n' "$shown" >&2
      if [ "$RBC_TRANSCRIPT_READY" = 1 ]; then
        rb_record_command "left undone" "$shown"
        rb_record "left undone"
      fi
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
  if [ -n "$missing" ] && [ "$RBC_DRY_RUN" != 1 ]; then
    rb_die "missing value for:$missing (or the RB_* environment variables; see --help)"
  fi
}
# ---- end of the rbc runtime ----------------------------------------------------
