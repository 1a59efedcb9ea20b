# ---- rbc runtime: the same in every generated script ---------------------------
# The runtime's own names start with RBC_ / rb_; placeholders' values live in PH_*
# and are read from RB_* environment variables, so neither can shadow the other.
RBC_YES=0
RBC_DRY_RUN=0
RBC_CONTEXT=""
RBC_NS_GIVEN=0
RBC_KCTX=()
# shellcheck disable=SC2034 # read by the commands (those that name no namespace)
RBC_HCTX=()
# shellcheck disable=SC2034
RBC_NSARG=()
RBC_TRANSCRIPT=""
RBC_FROM=1
RBC_TRANSCRIPT_READY=0
RBC_RUNNING=""
RBC_LAST=""
RBC_OUT=2
RBC_NO_PREFLIGHT=0
RBC_DENIED=0
RBC_CHECKED=""
# The guard of changes (set after the runtime for runbooks that declare it): the
# contexts the script may change, and whether a change asks for the context's name.
RBC_GUARD=0
RBC_ALLOWED_CONTEXTS=()
RBC_TYPE_CONTEXT=0
RBC_GUARDED=""
RBC_TARGET=""

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

# A value that a second shell will parse (`sh -c '…'`, `ssh host "…"`, `watch`,
# `xargs`): plain words only.
rb_plain() {
  case "$1" in
    *[!A-Za-z0-9._:/=@%+,-]*)
      printf 'error: --%s: this command hands the value to another shell, so it may only hold letters, digits and . _ : / = @ %% + , -\n' "$2" >&2
      return 1
      ;;
  esac
}

# A value where a word starts: one that starts with - would be read as an option.
rb_noflag() {
  case "$1" in
    -*)
      printf 'error: --%s: the value starts with -, so the command would read it as an option\n' "$2" >&2
      return 1
      ;;
  esac
}

# rb_vars LINE NAME…: the shell variables a command reads; an unset one is reported
# (the command is not run) instead of ending the script.
rb_vars() {
  local line="$1" v missing=""
  shift
  for v in "$@"; do
    if [ -z "${!v+x}" ]; then
      missing="$missing \$$v"
    fi
  done
  if [ -n "$missing" ]; then
    printf 'error: line %s uses%s, which is not set: not run\n' "$line" "$missing" >&2
    return 1
  fi
}

# --context and --namespace: names, not code (they can reach `watch` and `sh -c`).
rb_check_target() {
  case "$RBC_CONTEXT" in
    *[!A-Za-z0-9._:/=@+-]*) rb_die "--context: '$RBC_CONTEXT' is not a context name" ;;
  esac
  if [ "$RBC_NS_GIVEN" = 1 ]; then
    case "$RBC_NAMESPACE" in
      '' | -* | *[!A-Za-z0-9._-]*) rb_die "--namespace: '$RBC_NAMESPACE' is not a namespace name" ;;
    esac
    # shellcheck disable=SC2034
    RBC_NSARG=(-n "$RBC_NAMESPACE")
  else
    RBC_NAMESPACE="$RBC_NAMESPACE_DEFAULT"
  fi
  if [ -n "$RBC_CONTEXT" ]; then
    RBC_KCTX=(--context "$RBC_CONTEXT")
    # shellcheck disable=SC2034
    RBC_HCTX=(--kube-context "$RBC_CONTEXT")
  fi
}

# Whether a command pinned by PIN (c:why, n:why or b:why) is refused now: c by
# --context, n by --namespace, b by either.
rb_pinned() {
  case "$1" in
    c:*) [ -n "$RBC_CONTEXT" ] ;;
    n:*) [ "$RBC_NS_GIVEN" = 1 ] ;;
    b:*) [ -n "$RBC_CONTEXT" ] || [ "$RBC_NS_GIVEN" = 1 ] ;;
    *) return 1 ;;
  esac
}

# rb_reach SHOW_FN PIN …: before anything of a run starts, every command that
# --context/--namespace cannot reach is named, and the run refused.
rb_reach() {
  local refused=0
  while [ "$#" -ge 2 ]; do
    if rb_pinned "$2"; then
      if [ "$refused" = 0 ]; then
        printf 'refused: --context/--namespace cannot reach these commands, so nothing was run:\n' >&2
      fi
      refused=1
      printf '    $ %s\n      (%s)\n' "$("$1")" "${2#?:}" >&2
    fi
    shift 2
  done
  if [ "$refused" = 1 ] && [ "$RBC_DRY_RUN" != 1 ]; then
    printf 'run them by hand, or run this script without --context/--namespace\n' >&2
    exit 2
  fi
}

# rb_access CHECK_FN …: the preflight. Each function checks, with `kubectl auth
# can-i`, what one command will request; an answer that is not yes (no, or an error)
# stops the run before anything of it starts. In plan and --dry-run: the checks shown.
rb_access() {
  [ "$#" -gt 0 ] || return 0
  if [ "$RBC_NO_PREFLIGHT" = 1 ]; then
    printf '\npreflight: skipped (--no-preflight)\n' >&"$RBC_OUT"
    return 0
  fi
  printf '\npreflight: what the commands will request, checked with auth can-i\n' >&"$RBC_OUT"
  RBC_DENIED=0
  RBC_CHECKED=""
  local f
  for f in "$@"; do
    "$f"
  done
  if [ "$RBC_DRY_RUN" != 1 ] && [ "$RBC_DENIED" -gt 0 ]; then
    printf '\nstopped: %s request(s) of this run are not allowed (or could not be checked); nothing was run. --no-preflight skips this check.\n' "$RBC_DENIED" >&2
    return 1
  fi
  return 0
}

# rb_can_i PROGRAM MODE NAMESPACE VERB RESOURCE NAME SUBRESOURCE SHOWN_NAME: one check.
# MODE: d (the command's own namespace: the context's, or --namespace), n (NAMESPACE),
# a (every namespace), c (a cluster-scoped resource).
rb_can_i() {
  local prog="$1" mode="$2" ns="$3" name="$6" out last shown
  local -a args=(auth can-i "$4")
  if [ -n "$name" ]; then args+=("$5/$name"); else args+=("$5"); fi
  if [ -n "$7" ]; then args+=("--subresource=$7"); fi
  case "$mode" in
    n) args+=(-n "$ns") ;;
    a) args+=(--all-namespaces) ;;
    d) args+=(${RBC_NSARG[@]+"${RBC_NSARG[@]}"}) ;;
  esac
  shown="$(rb_prog "$prog") $(printf '%q ' "${args[@]}")"
  shown="${shown% }"
  # In a plan, a value not given yet is shown by its placeholder.
  if [ -z "$name" ] && [ -n "${8-}" ]; then
    shown="${shown/ $5 / $5\/$8 }"
  fi
  # Each request is checked once.
  case "$RBC_CHECKED" in
    *"|$shown|"*) return 0 ;;
  esac
  RBC_CHECKED="$RBC_CHECKED|$shown|"
  if [ "$RBC_DRY_RUN" = 1 ]; then
    printf '    check: %s\n' "$shown" >&"$RBC_OUT"
    return 0
  fi
  out="$("rb_$prog" "${args[@]}" 2>&1 </dev/null)" || true
  last="${out##*$'\n'}"
  case "$last" in
    yes*) printf '    yes  %s\n' "$shown" >&"$RBC_OUT" ;;
    no*)
      printf '    NO   %s\n' "$shown" >&2
      RBC_DENIED=$((RBC_DENIED + 1))
      ;;
    *)
      printf '    ??   %s: %s\n' "$shown" "${last:-no answer}" >&2
      RBC_DENIED=$((RBC_DENIED + 1))
      ;;
  esac
  return 0
}

# rb_unchecked COMMAND WHY: a command whose requests rbc cannot derive.
rb_unchecked() {
  printf '    --   not checked: %s (%s)\n' "$1" "$2" >&"$RBC_OUT"
}

# The runbook's cluster programs, with --context when one was given (helm spells
# it --kube-context).
rb_kubectl() {
  command kubectl ${RBC_KCTX[@]+"${RBC_KCTX[@]}"} "$@"
}
rb_oc() {
  command oc ${RBC_KCTX[@]+"${RBC_KCTX[@]}"} "$@"
}
rb_helm() {
  command helm ${RBC_HCTX[@]+"${RBC_HCTX[@]}"} "$@"
}

# For plan output: PROGRAM [1] as it will run (1: it gets the given namespace).
rb_prog() {
  local p="$1"
  if [ -n "$RBC_CONTEXT" ]; then
    if [ "$p" = helm ]; then
      p="$p --kube-context $(printf '%q' "$RBC_CONTEXT")"
    else
      p="$p --context $(printf '%q' "$RBC_CONTEXT")"
    fi
  fi
  if [ "${2-0}" = 1 ] && [ "$RBC_NS_GIVEN" = 1 ]; then
    p="$p -n $(printf '%q' "$RBC_NAMESPACE")"
  fi
  printf '%s' "$p"
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
  # Nothing runs without a transcript that can be written. (A subshell: bash does
  # not report a failed redirection of a `{ …; }` group to `if !`.)
  if ! (: >>"$RBC_TRANSCRIPT") 2>/dev/null; then
    rb_die "cannot write the transcript '$RBC_TRANSCRIPT'; nothing was run (choose one with --transcript FILE)"
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
# rb_record_command DESCRIPTION SHOWN [CLASS WHY]: the class says what rbc proved.
rb_record_command() {
  printf '\n## %s\n$ %s\n' "$1" "$2" 2>/dev/null >>"$RBC_TRANSCRIPT" || return 1
  case "${3-}" in
    changes) printf '# class: changes things (%s)\n' "$4" >>"$RBC_TRANSCRIPT" ;;
    unknown) printf '# class: not proven read-only (%s)\n' "$4" >>"$RBC_TRANSCRIPT" ;;
    read_only) printf '# class: read-only\n' >>"$RBC_TRANSCRIPT" ;;
  esac
}

rb_record() {
  printf '# outcome: %s\n' "$1" 2>/dev/null >>"$RBC_TRANSCRIPT"
}

# Ctrl-C while a command runs: the transcript says so, and nothing more runs. The
# command's output pipe may be gone by then, so the message goes to the stderr the
# script started with (fd 9), and a broken pipe is not fatal here.
exec 9>&2
rb_interrupted() {
  trap - INT TERM
  trap '' PIPE
  if [ -n "$RBC_RUNNING" ] && [ "$RBC_TRANSCRIPT_READY" = 1 ]; then
    if [ "$RBC_RUNNING" = prompt ]; then
      rb_record "interrupted at the prompt: not run"
    else
      rb_record "interrupted"
    fi
  fi
  printf '\ninterrupted: nothing more was run\n' >&9 2>/dev/null || true
  exit 130
}
trap rb_interrupted INT TERM

# Before the first change of a guarded runbook: the context it will change (--context,
# else the kubeconfig's current one), printed; refused when not an allowed context.
rb_guard() {
  if [ -n "$RBC_GUARDED" ]; then
    [ "$RBC_GUARDED" = ok ]
    return
  fi
  local ctx="$RBC_CONTEXT" c
  if [ -z "$ctx" ]; then
    ctx="$(command kubectl config current-context 2>/dev/null </dev/null)" || ctx=""
  fi
  RBC_TARGET="$ctx"
  printf '    context: %s\n' "${ctx:-(none)}" >&"$RBC_OUT"
  if [ "${#RBC_ALLOWED_CONTEXTS[@]}" -gt 0 ]; then
    for c in "${RBC_ALLOWED_CONTEXTS[@]}"; do
      if [ "$c" = "$ctx" ]; then
        RBC_GUARDED=ok
        return 0
      fi
    done
    RBC_GUARDED=refused
    printf '    refused: this runbook changes only the contexts %s, and this is %s\n' "${RBC_ALLOWED_CONTEXTS[*]}" "${ctx:-no context}" >&2
    return 1
  fi
  if [ -z "$ctx" ]; then
    RBC_GUARDED=refused
    printf '    refused: no context to change (give --context)\n' >&2
    return 1
  fi
  RBC_GUARDED=ok
}

# Ask before a command rbc cannot prove read-only: 0 yes, 1 declined, 3 no terminal.
# A runbook of the highest severity asks for the context's name instead of y.
rb_confirm() {
  if [ "$RBC_YES" = 1 ]; then
    return 0
  fi
  if [ -t 0 ] && [ "$RBC_TYPE_CONTEXT" = 1 ] && [ -n "$RBC_TARGET" ]; then
    local typed=""
    printf '    This changes %s. Type the context name to run it: ' "$RBC_TARGET" >&2
    RBC_RUNNING=prompt
    read -r typed || typed=""
    RBC_RUNNING=""
    if [ "$typed" = "$RBC_TARGET" ]; then
      return 0
    fi
    printf '    declined: not run (the name did not match)\n' >&2
    return 1
  fi
  if [ -t 0 ]; then
    local answer=""
    printf '    Run this? [y/N] ' >&2
    RBC_RUNNING=prompt
    read -r answer || answer=""
    RBC_RUNNING=""
    case "$answer" in
      y | Y | yes | YES | Yes) return 0 ;;
    esac
    printf '    declined: not run\n' >&2
    return 1
  fi
  printf 'error: rbc cannot prove this command read-only and there is no terminal to confirm it; pass --yes to run it\n' >&2
  return 3
}

# rb_run CLASS DESCRIPTION COMMAND_FN SHOW_FN PIN WHY
# CLASS: read_only (runs), changes or unknown (asks first), skipped (left out).
# PIN: c:/n:/b: and why --context/--namespace cannot reach the command (refused
# when given). WHY: why it is not proven read-only.
rb_run() {
  local class="$1" description="$2" command_fn="$3" pin="${5-}" why="${6-}" shown rc answer=0
  shown="$("$4")"
  RBC_LAST=""
  printf '\n==> %s\n' "$description" >&"$RBC_OUT"
  case "$class" in
    changes) printf '    $ %s    [changes things: %s]\n' "$shown" "$why" >&"$RBC_OUT" ;;
    unknown) printf '    $ %s    [not proven read-only: %s]\n' "$shown" "$why" >&"$RBC_OUT" ;;
    *) printf '    $ %s\n' "$shown" >&"$RBC_OUT" ;;
  esac
  if rb_pinned "$pin"; then
    printf '    refused: %s; run it by hand, or without --context/--namespace\n' "${pin#?:}" >&"$RBC_OUT"
    if [ "$RBC_DRY_RUN" = 1 ]; then
      return 0
    fi
    rb_transcript_init
    rb_record_command "$description" "$shown" "$class" "$why"
    rb_record "refused (${pin#?:})"
    RBC_LAST=refused
    return 1
  fi
  if [ "$RBC_DRY_RUN" = 1 ]; then
    return 0
  fi
  rb_transcript_init
  if ! rb_record_command "$description" "$shown" "$class" "$why"; then
    printf '    refused: the transcript cannot be written\n' >&2
    RBC_LAST=refused
    return 1
  fi
  if [ "$class" = skipped ]; then
    "$command_fn"
    rb_record "skipped (rbc left it out of this script)"
    return 0
  fi
  if [ "$class" != read_only ] && [ "$RBC_GUARD" = 1 ] && ! rb_guard; then
    rb_record "refused (context ${RBC_TARGET:-none} is not one this runbook may change)"
    RBC_LAST=refused
    return 1
  fi
  if [ "$class" != read_only ]; then
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
  if ! printf '# started: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" 2>/dev/null >>"$RBC_TRANSCRIPT"; then
    printf '    refused: the transcript cannot be written\n' >&2
    RBC_LAST=refused
    return 1
  fi
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
