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
RBC_ALERT_FILE=""
RBC_ALERT_INDEX=""
RBC_ALERT_NAMES=()

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
# ---- alerts: an Alertmanager payload's labels fill the placeholders -------------
# rb_json TEXT: TEXT parsed as JSON into RBC_JSON, an associative array from the path
# of every leaf (keys and indices, each after RBC_JSEP) to its value, strings decoded;
# an array's length is at PATH${RBC_JSEP}#. On malformed JSON: 1, RBC_JSON_ERR says why.
RBC_JSEP=$'\x1f'
RBC_JSON_ERR=""
rb_json() {
  local LC_ALL=C
  declare -gA RBC_JSON
  RBC_JT="$1"
  RBC_JI=0
  RBC_JN=${#RBC_JT}
  RBC_JSON=()
  RBC_JSON_ERR=""
  rb_json_value "" 0 || return 1
  rb_json_ws
  if [ "$RBC_JI" -lt "$RBC_JN" ]; then
    RBC_JSON_ERR="more after the JSON value (byte $RBC_JI)"
    return 1
  fi
}

rb_json_ws() {
  while :; do
    case "${RBC_JT:RBC_JI:1}" in
      ' ' | $'\t' | $'\n' | $'\r') RBC_JI=$((RBC_JI + 1)) ;;
      *) return 0 ;;
    esac
  done
}

rb_json_value() {
  local path="$1" depth="$2" n tok
  if [ "$depth" -gt 64 ]; then
    RBC_JSON_ERR="nested more than 64 deep"
    return 1
  fi
  rb_json_ws
  case "${RBC_JT:RBC_JI:1}" in
    '{')
      RBC_JI=$((RBC_JI + 1))
      rb_json_ws
      if [ "${RBC_JT:RBC_JI:1}" = '}' ]; then
        RBC_JI=$((RBC_JI + 1))
        return 0
      fi
      while :; do
        rb_json_ws
        if [ "${RBC_JT:RBC_JI:1}" != '"' ]; then
          RBC_JSON_ERR="a key was expected (byte $RBC_JI)"
          return 1
        fi
        rb_json_string || return 1
        tok="$RBC_JS"
        rb_json_ws
        if [ "${RBC_JT:RBC_JI:1}" != ':' ]; then
          RBC_JSON_ERR="':' was expected (byte $RBC_JI)"
          return 1
        fi
        RBC_JI=$((RBC_JI + 1))
        rb_json_value "$path$RBC_JSEP$tok" $((depth + 1)) || return 1
        rb_json_ws
        case "${RBC_JT:RBC_JI:1}" in
          ',') RBC_JI=$((RBC_JI + 1)) ;;
          '}') RBC_JI=$((RBC_JI + 1)); return 0 ;;
          *) RBC_JSON_ERR="',' or '}' was expected (byte $RBC_JI)"; return 1 ;;
        esac
      done
      ;;
    '[')
      RBC_JI=$((RBC_JI + 1))
      n=0
      rb_json_ws
      if [ "${RBC_JT:RBC_JI:1}" = ']' ]; then
        RBC_JI=$((RBC_JI + 1))
        RBC_JSON["$path$RBC_JSEP#"]=0
        return 0
      fi
      while :; do
        rb_json_value "$path$RBC_JSEP$n" $((depth + 1)) || return 1
        n=$((n + 1))
        rb_json_ws
        case "${RBC_JT:RBC_JI:1}" in
          ',') RBC_JI=$((RBC_JI + 1)) ;;
          ']') RBC_JI=$((RBC_JI + 1)); RBC_JSON["$path$RBC_JSEP#"]=$n; return 0 ;;
          *) RBC_JSON_ERR="',' or ']' was expected (byte $RBC_JI)"; return 1 ;;
        esac
      done
      ;;
    '"')
      rb_json_string || return 1
      [ -z "$path" ] || RBC_JSON["$path"]="$RBC_JS"
      ;;
    *)
      tok="${RBC_JT:RBC_JI:64}"
      tok="${tok%%[],\} $'\t\n\r']*}"
      case "$tok" in
        true | false | null | -[0-9]* | [0-9]*) ;;
        *) RBC_JSON_ERR="a value was expected (byte $RBC_JI)"; return 1 ;;
      esac
      [ -z "$path" ] || RBC_JSON["$path"]="$tok"
      RBC_JI=$((RBC_JI + ${#tok}))
      ;;
  esac
}

# A JSON string from RBC_JI (at its quote) into RBC_JS, escapes decoded.
rb_json_string() {
  local out="" seg c hex cp lo
  RBC_JI=$((RBC_JI + 1))
  while :; do
    seg="${RBC_JT:RBC_JI:512}"
    seg="${seg%%[\"\\]*}"
    out+="$seg"
    RBC_JI=$((RBC_JI + ${#seg}))
    c="${RBC_JT:RBC_JI:1}"
    case "$c" in
      '"')
        RBC_JI=$((RBC_JI + 1))
        RBC_JS="$out"
        return 0
        ;;
      \\)
        c="${RBC_JT:RBC_JI+1:1}"
        RBC_JI=$((RBC_JI + 2))
        case "$c" in
          '"' | \\ | /) out+="$c" ;;
          b) out+=$'\b' ;;
          f) out+=$'\f' ;;
          n) out+=$'\n' ;;
          r) out+=$'\r' ;;
          t) out+=$'\t' ;;
          u)
            hex="${RBC_JT:RBC_JI:4}"
            case "$hex" in
              [0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]) ;;
              *) RBC_JSON_ERR="a bad \\u escape (byte $RBC_JI)"; return 1 ;;
            esac
            RBC_JI=$((RBC_JI + 4))
            cp=$((16#$hex))
            if [ "$cp" -ge 55296 ] && [ "$cp" -le 56319 ] && [ "${RBC_JT:RBC_JI:2}" = '\u' ]; then
              hex="${RBC_JT:RBC_JI+2:4}"
              case "$hex" in
                [dD][c-fC-F][0-9a-fA-F][0-9a-fA-F])
                  lo=$((16#$hex))
                  cp=$((65536 + (cp - 55296) * 1024 + lo - 56320))
                  RBC_JI=$((RBC_JI + 6))
                  ;;
              esac
            fi
            if [ "$cp" = 0 ]; then
              RBC_JSON_ERR="a string holds a NUL character (byte $RBC_JI)"
              return 1
            fi
            rb_utf8 "$cp"
            out+="$RBC_JC"
            ;;
          *) RBC_JSON_ERR="a bad escape (byte $RBC_JI)"; return 1 ;;
        esac
        ;;
      '')
        if [ "$RBC_JI" -ge "$RBC_JN" ]; then
          RBC_JSON_ERR="a string is not closed"
          return 1
        fi
        ;;
    esac
  done
}

# The UTF-8 bytes of code point $1 into RBC_JC.
rb_utf8() {
  local cp="$1" f
  if [ "$cp" -lt 128 ]; then
    printf -v f '\\x%02x' "$cp"
  elif [ "$cp" -lt 2048 ]; then
    printf -v f '\\x%02x\\x%02x' $((192 | cp >> 6)) $((128 | (cp & 63)))
  elif [ "$cp" -lt 65536 ]; then
    printf -v f '\\x%02x\\x%02x\\x%02x' $((224 | cp >> 12)) $((128 | (cp >> 6 & 63))) $((128 | (cp & 63)))
  else
    printf -v f '\\x%02x\\x%02x\\x%02x\\x%02x' $((240 | cp >> 18)) $((128 | (cp >> 12 & 63))) $((128 | (cp >> 6 & 63))) $((128 | (cp & 63)))
  fi
  # shellcheck disable=SC2059 # the format is the \x escapes just made
  printf -v RBC_JC "$f"
}

# rb_alert FILE INDEX: the alert of FILE (an Alertmanager webhook payload, a list of
# alerts as `amtool --output json` prints them, or one alert) that leads to this
# runbook (its name is one of RBC_ALERT_NAMES); several: INDEX (1-based among them),
# else the operator chooses on a terminal. Its path in RBC_JSON goes to RBC_ALERT.
RBC_ALERT=""
rb_alert() {
  local file="$1" index="$2" text base="" n i name shown k
  local -a matching=()
  [ "${BASH_VERSINFO[0]}" -ge 4 ] || rb_die "--alert needs bash 4 or newer"
  if [ "$file" = - ]; then
    text="$(cat)"
  else
    [ -r "$file" ] || rb_die "--alert: cannot read '$file'"
    text="$(cat -- "$file")"
  fi
  rb_json "$text" || rb_die "--alert: '$file' is not JSON: $RBC_JSON_ERR"
  if [ -n "${RBC_JSON[${RBC_JSEP}alerts${RBC_JSEP}#]+x}" ]; then
    base="${RBC_JSEP}alerts"
  elif [ -z "${RBC_JSON[${RBC_JSEP}#]+x}" ]; then
    # One alert: seen as a list of one.
    for k in "${!RBC_JSON[@]}"; do
      RBC_JSON["${RBC_JSEP}0$k"]="${RBC_JSON[$k]}"
    done
    RBC_JSON["${RBC_JSEP}#"]=1
  fi
  n="${RBC_JSON[$base${RBC_JSEP}#]-0}"
  for ((i = 0; i < n; i++)); do
    name="${RBC_JSON[$base$RBC_JSEP$i${RBC_JSEP}labels${RBC_JSEP}alertname]-}"
    for k in "${RBC_ALERT_NAMES[@]}"; do
      if [ -n "$name" ] && [ "$name" = "$k" ]; then
        matching+=("$base$RBC_JSEP$i")
        break
      fi
    done
  done
  if [ "${#matching[@]}" = 0 ]; then
    rb_die "--alert: no alert of '$file' leads to this runbook (its alerts: ${RBC_ALERT_NAMES[*]})"
  fi
  if [ "${#matching[@]}" -gt 1 ] && [ -z "$index" ]; then
    printf '%s alerts of %s lead to this runbook:\n' "${#matching[@]}" "$file" >&2
    for i in "${!matching[@]}"; do
      printf '  %s) %s\n' $((i + 1)) "$(rb_alert_shown "${matching[$i]}")" >&2
    done
    if [ -t 0 ] && [ "$file" != - ]; then
      printf 'Which one? [1-%s] ' "${#matching[@]}" >&2
      read -r index || index=""
    else
      rb_die "--alert: choose one with --alert-index N"
    fi
  fi
  index="${index:-1}"
  case "$index" in
    '' | *[!0-9]*) rb_die "--alert-index: '$index' is not a number" ;;
  esac
  if [ "$index" -lt 1 ] || [ "$index" -gt "${#matching[@]}" ]; then
    rb_die "--alert-index: $index is not between 1 and ${#matching[@]}"
  fi
  RBC_ALERT="${matching[$((index - 1))]}"
  printf 'alert: %s\n' "$(rb_alert_shown "$RBC_ALERT")" >&2
}

# An alert, for the operator: its name, labels (sorted) and status.
rb_alert_shown() {
  local p="$1${RBC_JSEP}labels$RBC_JSEP" k out
  out="${RBC_JSON[${p}alertname]-}"
  while IFS= read -r k; do
    [ "$k" = alertname ] || out+=" $(printf '%q' "$k")=$(printf '%q' "${RBC_JSON[$p$k]}")"
  done < <(for k in "${!RBC_JSON[@]}"; do
    case "$k" in
      "$p"*) k="${k#"$p"}"; [[ "$k" == *"$RBC_JSEP"* || "$k" == *$'\n'* ]] || printf '%s\n' "$k" ;;
    esac
  done | LC_ALL=C sort)
  printf '%s (%s)' "$out" "${RBC_JSON[$1${RBC_JSEP}status]-status unknown}"
}

# rb_from_alert VAR OPTION NAME [LABEL]: a placeholder not given is filled from the
# chosen alert's label LABEL, else the label whose name is NAME once normalised like
# an option (`pod_name` for `<pod-name>`); the value goes through rb_value, as typed.
rb_from_alert() {
  local var="$1" option="$2" want="$3" label="${4-}" p k norm
  [ -n "$RBC_ALERT" ] || return 0
  [ -z "${!var}" ] || return 0
  p="$RBC_ALERT${RBC_JSEP}labels$RBC_JSEP"
  if [ -z "$label" ]; then
    for k in "${!RBC_JSON[@]}"; do
      case "$k" in
        "$p"*)
          k="${k#"$p"}"
          norm="${k,,}"
          norm="${norm//[!a-z0-9]/-}"
          if [ "$norm" = "$want" ]; then
            label="$k"
            break
          fi
          ;;
      esac
    done
  fi
  [ -n "$label" ] && [ -n "${RBC_JSON[$p$label]+x}" ] || return 0
  local value
  value="$(rb_value "$option" "${RBC_JSON[$p$label]}")"
  printf -v "$var" '%s' "$value"
  printf '    --%s from the label %s\n' "$option" "$label" >&2
}

# ---- end of the rbc runtime ----------------------------------------------------
