//! The kubectl part of a command: what it runs, on what, where, and whether it changes
//! the cluster.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct Kubectl {
    /// The words after `kubectl`, quotes removed, up to the end of its simple command
    /// (`|`, `;`, `&&`, `)`, a newline); redirections left out.
    pub argv: Words,
    /// The subcommand path (`["rollout", "undo"]`); empty when none was recognised.
    // Borrowed from the command tree when built from a command (no copy per command
    // of a large corpus); the doc line above is the schema's.
    pub path: std::borrow::Cow<'static, [String]>,
    /// Resource types as written (`statefulset`, `deployment` of `deployment/coredns`,
    /// each of a comma list).
    pub resources: Box<[String]>,
    /// Resource names (`erlmcp`, `coredns`, `<pod-name>`).
    pub names: Box<[String]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<Box<str>>,
    pub all_namespaces: bool,
    pub flags: Box<[KubectlFlag]>,
    /// The command run in the container, after `--` (`exec`, `run`, `debug`).
    pub container_command: Vec<String>,
    pub class: CommandClass,
    /// The program that runs this kubectl (`xargs`, `watch`, `timeout`, `env`, `sudo`,
    /// `time`, …), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapper: Option<Box<str>>,
    /// Inside a quoted string (`sh -c '…'`, `watch '…'`): a generated script cannot
    /// change its namespace or context.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub quoted: bool,
    /// `oc` for OpenShift's client: the commands it shares with kubectl are read
    /// against kubectl's tree. Absent for kubectl.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<Box<str>>,
    /// The kubectl versions rbc knows (`1.29`, …) on which the command is valid, when it
    /// is valid on some but not all of them (`drain --delete-local-data`: up to 1.30).
    /// Computed when the model is written; see [`Kubectl::valid_on`].
    // Computed once when first asked for (the JSON, the runbook page and the command
    // index each show it), or as read from JSON.
    #[serde(default, deserialize_with = "ValidOnOnce::given")]
    #[schemars(with = "Option<Vec<String>>")]
    pub valid_on: ValidOnOnce,
    /// What the command needs of the API server's authorization (`kubectl auth can-i`
    /// checks, a Role's rules); see `kubectl::access`.
    #[serde(default)]
    pub permissions: Permissions,
    /// Byte range in the file of every word of `argv` (see [`Kubectl::word_range`];
    /// `u32`s, as every command of a corpus keeps its ranges).
    #[serde(skip)]
    #[schemars(skip)]
    pub word_ranges: Box<[(u32, u32)]>,
    /// Byte ranges of every word of `argv` the shell expands (relative to the word);
    /// empty when no word expands.
    #[serde(skip)]
    #[schemars(skip)]
    pub expansions: Vec<Vec<(usize, usize)>>,
    /// What the kubectl analysis keeps of this command (its parses, see
    /// `kubectl::parses`), so the rules do not parse every command again; the model
    /// does not look inside.
    #[serde(skip)]
    #[schemars(skip)]
    pub analysis: Analysis,
}

/// [`Kubectl::valid_on`], once computed.
#[derive(Debug, Clone, Default)]
pub struct ValidOnOnce(pub std::sync::OnceLock<Option<Box<[String]>>>);

impl ValidOnOnce {
    /// As read from JSON: a list given is kept; none is computed when asked for.
    fn given<'de, D: serde::Deserializer<'de>>(d: D) -> Result<ValidOnOnce, D::Error> {
        let once = std::sync::OnceLock::new();
        if let Some(v) = Option::<Vec<String>>::deserialize(d)? {
            let _ = once.set(Some(v.into_boxed_slice()));
        }
        Ok(ValidOnOnce(once))
    }
}

/// A slot for an analysis's own record of a command, set once: the model holds it and
/// never reads it (like `http::Extensions`).
#[derive(Debug, Clone, Default)]
pub struct Analysis(std::sync::OnceLock<std::sync::Arc<dyn std::any::Any + Send + Sync>>);

impl Analysis {
    /// A slot holding `value`.
    pub fn with<T: std::any::Any + Send + Sync>(value: T) -> Analysis {
        let slot = Analysis::default();
        let _ = slot.0.set(std::sync::Arc::new(value));
        slot
    }

    /// What the slot holds, made by `init` when it holds nothing; `None` when it holds
    /// another type.
    pub fn get_or_init<T: std::any::Any + Send + Sync>(
        &self,
        init: impl FnOnce() -> T,
    ) -> Option<&T> {
        self.0
            .get_or_init(|| std::sync::Arc::new(init()))
            .downcast_ref()
    }
}

/// The JSON of a [`Kubectl`]: its fields, and `valid_on` computed.
#[derive(Serialize)]
struct KubectlJson<'a> {
    argv: &'a Words,
    path: &'a [String],
    resources: &'a [String],
    names: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace: &'a Option<Box<str>>,
    all_namespaces: bool,
    flags: &'a [KubectlFlag],
    container_command: &'a [String],
    class: CommandClass,
    #[serde(skip_serializing_if = "Option::is_none")]
    wrapper: &'a Option<Box<str>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    quoted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    program: &'a Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_on: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Permissions::is_empty")]
    permissions: &'a Permissions,
}

impl Serialize for Kubectl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        KubectlJson {
            argv: &self.argv,
            path: &self.path,
            resources: &self.resources,
            names: &self.names,
            namespace: &self.namespace,
            all_namespaces: self.all_namespaces,
            flags: &self.flags,
            container_command: &self.container_command,
            class: self.class,
            wrapper: &self.wrapper,
            quoted: self.quoted,
            program: &self.program,
            valid_on: self.valid_on(),
            permissions: &self.permissions,
        }
        .serialize(s)
    }
}

impl Kubectl {
    /// Whether this is OpenShift's `oc` (read against kubectl's tree).
    pub fn is_oc(&self) -> bool {
        self.program.is_some()
    }

    /// The program's name as the runbook calls it: `kubectl` or `oc`.
    pub fn program_name(&self) -> &str {
        self.program.as_deref().unwrap_or("kubectl")
    }

    /// The byte range in the file of word `i` of `argv`.
    pub fn word_range(&self, i: usize) -> Option<(usize, usize)> {
        self.word_ranges
            .get(i)
            .map(|&(s, e)| (s as usize, e as usize))
    }

    /// The byte range in the file of every word of `argv`, in order.
    pub fn word_ranges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.word_ranges
            .iter()
            .map(|&(s, e)| (s as usize, e as usize))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct KubectlFlag {
    /// The long name (`namespace` for `-n`).
    // Borrowed from the command tree when built from a command (one allocation fewer
    // per flag of a large corpus); the doc line above is the schema's.
    pub name: std::borrow::Cow<'static, str>,
    // Shared with the parse's flag (one copy per value of a large corpus).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<std::sync::Arc<str>>,
}

/// What a command needs of the API server's authorization: each request it makes, as
/// `kubectl auth can-i` checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Permissions {
    pub needs: Vec<Access>,
    /// Why rbc cannot say everything the command needs (its objects come from a file,
    /// its type is known only when it runs): a preflight reports it as not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
}

impl Permissions {
    /// Nothing needed and nothing unknown (a local command: `config`, `version`, …).
    pub fn is_empty(&self) -> bool {
        self.needs.is_empty() && self.unknown.is_none()
    }
}

/// One request's authorization: `VERB RESOURCE[/NAME] [--subresource=SUB]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Access {
    /// `get`, `list`, `watch`, `create`, `update`, `patch` or `delete`.
    pub verb: String,
    /// The API group (`""` for the core group, `apps`, …); absent when the type is not
    /// one rbc knows, and the server resolves it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The resource, plural (`pods`, `deployments`), or as written when not known.
    pub resource: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subresource: Option<String>,
    /// The object's name as the runbook writes it (`<pod-name>`, `web`); absent for a
    /// request on every object of the type (list, a selector, a name known only when the
    /// command runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub scope: Scope,
}

/// Where an access applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The command's namespace (its `-n`, or the context's).
    Namespace,
    /// Every namespace (`-A`, or `drain`'s pods).
    AllNamespaces,
    /// A cluster-scoped resource (nodes, namespaces, …).
    Cluster,
}

impl Access {
    /// The resource as `kubectl auth can-i` and a Role's `resources` + `apiGroups`
    /// name it: `deployments.apps`, `pods`.
    pub fn qualified(&self) -> String {
        match self.group.as_deref() {
            Some(g) if !g.is_empty() => format!("{}.{g}", self.resource),
            _ => self.resource.clone(),
        }
    }

    /// The arguments of `kubectl auth can-i` for this access, without a namespace:
    /// `create pods/web-1 --subresource=exec`, and `-A` for every namespace.
    pub fn can_i(&self) -> String {
        let mut s = format!("{} {}", self.verb, self.qualified());
        if let Some(n) = &self.name {
            s.push('/');
            s.push_str(n);
        }
        if let Some(sub) = &self.subresource {
            s.push_str(" --subresource=");
            s.push_str(sub);
        }
        if self.scope == Scope::AllNamespaces {
            s.push_str(" -A");
        }
        s
    }
}

/// Whether a command changes the cluster; see `kubectl::build::classify`. Ordered from
/// the least to the most consequential, so a line's class is the maximum of its parts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CommandClass {
    ReadOnly,
    /// Runs a program in a container (`exec`, `attach`, `cp`).
    Exec,
    Mutating,
}

/// Words (a command's argv) kept as one string and where each ends: two allocations
/// instead of one per word, as every command of a corpus keeps its argv. Serialized as
/// a list of strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    text: Box<str>,
    /// The end of word `i` in `text`; it starts where word `i - 1` ends.
    ends: Box<[u32]>,
}

impl Words {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Word `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        self.text.get(start..end)
    }

    pub fn first(&self) -> Option<&str> {
        self.get(0)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// The words as a list (for the parser).
    pub fn to_vec(&self) -> Vec<&str> {
        self.iter().collect()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Words {
    fn from_iter<I: IntoIterator<Item = S>>(words: I) -> Self {
        let mut text = String::new();
        let mut ends = Vec::new();
        for w in words {
            text.push_str(w.as_ref());
            // Past 4 GiB (never one command) the words are cut.
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Words {
            text: text.into(),
            ends: ends.into(),
        }
    }
}

impl Serialize for Words {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Words {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<String>::deserialize(d)?.into_iter().collect())
    }
}

impl JsonSchema for Words {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Vec<String>>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <Vec<String>>::schema_id()
    }

    fn inline_schema() -> bool {
        <Vec<String>>::inline_schema()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<String>>::json_schema(g)
    }
}

#[cfg(test)]
mod tests {
    use super::Words;

    #[test]
    fn words_keep_each_word() {
        let w: Words = ["get", "", "pods"].into_iter().collect();
        assert_eq!(w.len(), 3);
        assert_eq!(w.to_vec(), ["get", "", "pods"]);
        assert_eq!(w.get(2), Some("pods"));
        assert_eq!(w.get(3), None);
        assert_eq!(serde_json::to_string(&w).unwrap(), r#"["get","","pods"]"#);
        assert!(Words::default().first().is_none());
    }
}
