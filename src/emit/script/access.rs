//! The preflight of a script: for each kubectl/oc command, the `kubectl auth can-i`
//! checks of what it requests (see `kubectl::access`), as calls of the runtime's
//! `rb_can_i`, with the command's own namespace and its placeholders' values.

use super::{sq, Gen, Names, Sections};
use crate::model::{Command, Scope};
use std::fmt::Write;

/// Text with `<placeholders>` as a double-quoted bash word: the literal parts escaped,
/// each placeholder its variable.
fn quoted(text: &str, names: &Names) -> String {
    let mut s = String::from("\"");
    let mut at = 0;
    let lit = |s: &mut String, t: &str| {
        for ch in t.chars() {
            if matches!(ch, '\\' | '"' | '$' | '`') {
                s.push('\\');
            }
            s.push(ch);
        }
    };
    for (start, end, name) in crate::words::placeholder_ranges(text) {
        lit(&mut s, &text[at..start]);
        s.push_str(&format!("${{{}}}", names.get(name).var));
        at = end;
    }
    lit(&mut s, &text[at..]);
    s.push('"');
    s
}

/// Whether a word is known only when the command runs.
fn expands(word: &str) -> bool {
    word.contains('$') || word.contains('`')
}

/// The lines of `rb_pN` for a command: one `rb_can_i` per access of each of its
/// kubectl/oc commands, an `rb_unchecked` for what rbc cannot derive. Empty when the
/// command requests nothing of a cluster rbc knows of.
pub fn checks(c: &Command, runbook_ns: Option<&str>, names: &Names) -> Vec<String> {
    let mut out = Vec::new();
    for k in &c.kubectl {
        let prog = if k.is_oc() { "oc" } else { "kubectl" };
        let shown = format!("{prog} {}", k.argv.to_vec().join(" "));
        let p = &k.permissions;
        if let Some(why) = &p.unknown {
            out.push(format!("rb_unchecked {} {}", sq(&shown), sq(why)));
            continue;
        }
        let ns = match k.namespace.as_deref() {
            Some(ns) if runbook_ns == Some(ns) => Some("\"${RBC_NAMESPACE}\"".to_string()),
            Some(ns) if expands(ns) => {
                out.push(format!(
                    "rb_unchecked {} {}",
                    sq(&shown),
                    sq("its namespace is known only when it runs")
                ));
                continue;
            }
            Some(ns) => Some(quoted(ns, names)),
            None => None,
        };
        for a in &p.needs {
            let (mode, ns) = match (a.scope, &ns) {
                (Scope::Cluster, _) => ("c", "''".to_string()),
                (Scope::AllNamespaces, _) => ("a", "''".to_string()),
                (Scope::Namespace, Some(ns)) => ("n", ns.clone()),
                (Scope::Namespace, None) => ("d", "''".to_string()),
            };
            let (name, shown_name) = match &a.name {
                Some(n) if !crate::words::placeholder_ranges(n).is_empty() => {
                    (quoted(n, names), sq(n))
                }
                Some(n) => (quoted(n, names), "''".to_string()),
                None => ("''".to_string(), "''".to_string()),
            };
            out.push(format!(
                "rb_can_i {prog} {mode} {ns} {} {} {name} {} {shown_name}",
                sq(&a.verb),
                sq(&a.qualified()),
                sq(a.subresource.as_deref().unwrap_or("")),
            ));
        }
    }
    out
}

/// `rb_preflight_for [CASE]`: the preflight of the diagnosis, a case, the procedure or
/// an extra section, alone.
pub(super) fn preflight_for(g: &Gen, sec: &Sections) -> String {
    let mut s = String::from(
        "rb_preflight_for() {\n  RBC_NO_PREFLIGHT=0\n  local -a checks=()\n  case \"$1\" in\n",
    );
    let arm = |s: &mut String, pat: &str, ns: &[usize]| {
        let _ = writeln!(s, "    {pat}) checks=({}) ;;", g.checks(ns).join(" "));
    };
    arm(&mut s, "''", &sec.diagnosis);
    for (n, slug, _, _, v) in &sec.cases {
        arm(&mut s, &format!("{n} | {}", sq(slug)), v);
    }
    if sec.form == "steps" {
        let all: Vec<usize> = sec.procedure.iter().flat_map(|(_, v)| v.clone()).collect();
        arm(&mut s, "resolve", &all);
    }
    for (slug, _, v) in &sec.extras {
        arm(&mut s, &sq(slug), v);
    }
    s.push_str("    *) rb_die \"nothing named '$1' to check (see --help)\" ;;\n  esac\n");
    s.push_str("  if [ \"${#checks[@]}\" = 0 ]; then\n    printf 'preflight: no command of it requests anything of a cluster\\n'\n    return 0\n  fi\n");
    s.push_str("  rb_access \"${checks[@]}\"\n}\n\n");
    s
}
