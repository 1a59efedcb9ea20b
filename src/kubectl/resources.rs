//! Resource types that are not built into Kubernetes: custom resources, as declared in
//! `runbooks.yaml` (`custom_resources:`) or well known, and the typos of built-in types
//! (`deploymnet`) that must not be mistaken for one.

use super::parse::typo_distance;
use super::tree::index;

/// A custom resource type and the names kubectl accepts for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomResource {
    /// Plural, lower case (`certificates`).
    pub name: String,
    /// Singular (`certificate`).
    pub singular: String,
    /// Short names (`cert`, `certs`).
    pub short: Vec<String>,
    /// API group (`cert-manager.io`); empty when not known.
    pub group: String,
    /// Who provides it (`cert-manager`), for messages.
    pub from: &'static str,
}

impl CustomResource {
    /// A type from one word of the config (`certificates.cert-manager.io`, `canary`):
    /// the word before the first `.` is its plural or singular, the rest its group.
    /// A well-known type is completed (short names); otherwise plural and singular
    /// are derived with English rules.
    pub fn from_word(word: &str) -> CustomResource {
        let w = word.trim().to_ascii_lowercase();
        let (base, group) = w.split_once('.').unwrap_or((&w, ""));
        if let Some(k) = WELL_KNOWN
            .iter()
            .map(|k| k.resource())
            .find(|k| k.names().any(|n| n == base) && (group.is_empty() || k.group == group))
        {
            return k;
        }
        let (name, singular) = if base.ends_with('s') {
            (base.to_string(), singular_of(base))
        } else {
            (plural_of(base), base.to_string())
        };
        CustomResource {
            name,
            singular,
            short: Vec::new(),
            group: group.to_string(),
            from: "",
        }
    }

    /// Every name without a group: plural, singular, short names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        [self.name.as_str(), self.singular.as_str()]
            .into_iter()
            .chain(self.short.iter().map(String::as_str))
            .filter(|n| !n.is_empty())
    }

    /// Whether `word` (as written in a command: `cert`, `certificates.cert-manager.io`,
    /// `certificates.v1.cert-manager.io`) names this type.
    pub fn matches(&self, word: &str) -> bool {
        let w = word.to_ascii_lowercase();
        let (base, rest) = w.split_once('.').unwrap_or((&w, ""));
        if !self.names().any(|n| n == base) {
            return false;
        }
        if rest.is_empty() || self.group.is_empty() {
            return true;
        }
        // `plural.group` or `plural.version.group`.
        rest == self.group || rest.split_once('.').is_some_and(|(_, g)| g == self.group)
    }

    /// The fully qualified name (`certificates.cert-manager.io`).
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.name.clone()
        } else {
            format!("{}.{}", self.name, self.group)
        }
    }
}

fn plural_of(s: &str) -> String {
    let consonant_y =
        s.ends_with('y') && !s[..s.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']) && s.len() > 1;
    if consonant_y {
        format!("{}ies", &s[..s.len() - 1])
    } else if s.ends_with(['s', 'x', 'z']) || s.ends_with("ch") || s.ends_with("sh") {
        format!("{s}es")
    } else {
        format!("{s}s")
    }
}

fn singular_of(s: &str) -> String {
    if let Some(b) = s.strip_suffix("ies") {
        format!("{b}y")
    } else if let Some(b) = ["ses", "xes", "zes", "ches", "shes"].iter().find_map(|e| {
        s.strip_suffix(e)
            .map(|b| format!("{b}{}", &e[..e.len() - 2]))
    }) {
        b
    } else {
        s.strip_suffix('s').unwrap_or(s).to_string()
    }
}

/// A custom resource commonly used in runbooks, with the short names its CRD declares.
struct Known {
    name: &'static str,
    singular: &'static str,
    short: &'static [&'static str],
    group: &'static str,
    from: &'static str,
}

impl Known {
    fn resource(&self) -> CustomResource {
        CustomResource {
            name: self.name.into(),
            singular: self.singular.into(),
            short: self.short.iter().map(|s| s.to_string()).collect(),
            group: self.group.into(),
            from: self.from,
        }
    }
}

macro_rules! known {
    ($($name:literal $singular:literal [$($short:literal),*] $group:literal $from:literal;)*) => {
        &[$(Known { name: $name, singular: $singular, short: &[$($short),*], group: $group, from: $from }),*]
    };
}

/// Custom resources of widely used operators (names from their CRDs).
const WELL_KNOWN: &[Known] = known! {
    "certificates" "certificate" ["cert", "certs"] "cert-manager.io" "cert-manager";
    "certificaterequests" "certificaterequest" ["cr", "crs"] "cert-manager.io" "cert-manager";
    "issuers" "issuer" [] "cert-manager.io" "cert-manager";
    "clusterissuers" "clusterissuer" [] "cert-manager.io" "cert-manager";
    "orders" "order" [] "acme.cert-manager.io" "cert-manager";
    "challenges" "challenge" [] "acme.cert-manager.io" "cert-manager";
    "virtualmachines" "virtualmachine" ["vm", "vms"] "kubevirt.io" "KubeVirt";
    "virtualmachineinstances" "virtualmachineinstance" ["vmi", "vmis"] "kubevirt.io" "KubeVirt";
    "virtualmachineinstancemigrations" "virtualmachineinstancemigration" ["vmim", "vmims"] "kubevirt.io" "KubeVirt";
    "kubevirts" "kubevirt" ["kv", "kvs"] "kubevirt.io" "KubeVirt";
    "datavolumes" "datavolume" ["dv", "dvs"] "cdi.kubevirt.io" "KubeVirt CDI";
    "applications" "application" ["app", "apps"] "argoproj.io" "Argo CD";
    "applicationsets" "applicationset" ["appset", "appsets"] "argoproj.io" "Argo CD";
    "appprojects" "appproject" ["appproj", "appprojs"] "argoproj.io" "Argo CD";
    "rollouts" "rollout" ["ro"] "argoproj.io" "Argo Rollouts";
    "analysisruns" "analysisrun" [] "argoproj.io" "Argo Rollouts";
    "analysistemplates" "analysistemplate" [] "argoproj.io" "Argo Rollouts";
    "workflows" "workflow" ["wf"] "argoproj.io" "Argo Workflows";
    "servicemonitors" "servicemonitor" ["smon"] "monitoring.coreos.com" "Prometheus Operator";
    "podmonitors" "podmonitor" ["pmon"] "monitoring.coreos.com" "Prometheus Operator";
    "prometheusrules" "prometheusrule" ["promrule"] "monitoring.coreos.com" "Prometheus Operator";
    "prometheuses" "prometheus" ["prom"] "monitoring.coreos.com" "Prometheus Operator";
    "alertmanagers" "alertmanager" ["am"] "monitoring.coreos.com" "Prometheus Operator";
    "virtualservices" "virtualservice" ["vs"] "networking.istio.io" "Istio";
    "destinationrules" "destinationrule" ["dr"] "networking.istio.io" "Istio";
    "gateways" "gateway" ["gw"] "networking.istio.io" "Istio";
    "serviceentries" "serviceentry" ["se"] "networking.istio.io" "Istio";
    "httproutes" "httproute" [] "gateway.networking.k8s.io" "Gateway API";
    "helmreleases" "helmrelease" ["hr"] "helm.toolkit.fluxcd.io" "Flux";
    "kustomizations" "kustomization" ["ks"] "kustomize.toolkit.fluxcd.io" "Flux";
    "gitrepositories" "gitrepository" ["gitrepo"] "source.toolkit.fluxcd.io" "Flux";
    "scaledobjects" "scaledobject" ["so"] "keda.sh" "KEDA";
    "scaledjobs" "scaledjob" ["sj"] "keda.sh" "KEDA";
    "volumesnapshots" "volumesnapshot" [] "snapshot.storage.k8s.io" "the CSI snapshotter";
    "volumesnapshotclasses" "volumesnapshotclass" ["vsclass", "vsclasses"] "snapshot.storage.k8s.io" "the CSI snapshotter";
    "volumesnapshotcontents" "volumesnapshotcontent" ["vsc", "vscs"] "snapshot.storage.k8s.io" "the CSI snapshotter";
    "backups" "backup" [] "velero.io" "Velero";
    "restores" "restore" [] "velero.io" "Velero";
    "nodepools" "nodepool" [] "karpenter.sh" "Karpenter";
    "nodeclaims" "nodeclaim" [] "karpenter.sh" "Karpenter";
};

/// OpenShift's own resource types (`oc api-resources` on OpenShift 4), known to `oc`
/// commands: on OpenShift they are built in.
const OPENSHIFT: &[Known] = known! {
    "routes" "route" [] "route.openshift.io" "OpenShift";
    "deploymentconfigs" "deploymentconfig" ["dc"] "apps.openshift.io" "OpenShift";
    "imagestreams" "imagestream" ["is"] "image.openshift.io" "OpenShift";
    "imagestreamtags" "imagestreamtag" ["istag"] "image.openshift.io" "OpenShift";
    "buildconfigs" "buildconfig" ["bc"] "build.openshift.io" "OpenShift";
    "builds" "build" [] "build.openshift.io" "OpenShift";
    "projects" "project" [] "project.openshift.io" "OpenShift";
    "templates" "template" [] "template.openshift.io" "OpenShift";
    "clusteroperators" "clusteroperator" ["co"] "config.openshift.io" "OpenShift";
    "clusterversions" "clusterversion" [] "config.openshift.io" "OpenShift";
    "infrastructures" "infrastructure" [] "config.openshift.io" "OpenShift";
    "networks" "network" [] "config.openshift.io" "OpenShift";
    "securitycontextconstraints" "securitycontextconstraint" ["scc"] "security.openshift.io" "OpenShift";
    "machineconfigs" "machineconfig" ["mc"] "machineconfiguration.openshift.io" "OpenShift";
    "machineconfigpools" "machineconfigpool" ["mcp"] "machineconfiguration.openshift.io" "OpenShift";
    "containerruntimeconfigs" "containerruntimeconfig" ["ctrcfg"] "machineconfiguration.openshift.io" "OpenShift";
    "kubeletconfigs" "kubeletconfig" [] "machineconfiguration.openshift.io" "OpenShift";
    "machines" "machine" [] "machine.openshift.io" "OpenShift";
    "machinesets" "machineset" [] "machine.openshift.io" "OpenShift";
    "subscriptions" "subscription" ["sub", "subs"] "operators.coreos.com" "OLM";
    "clusterserviceversions" "clusterserviceversion" ["csv", "csvs"] "operators.coreos.com" "OLM";
    "installplans" "installplan" ["ip"] "operators.coreos.com" "OLM";
    "operatorgroups" "operatorgroup" ["og"] "operators.coreos.com" "OLM";
    "catalogsources" "catalogsource" ["catsrc"] "operators.coreos.com" "OLM";
    "operatorconditions" "operatorcondition" ["condition"] "operators.coreos.com" "OLM";
};

/// Whether `word` names one of OpenShift's own resource types (see [`OPENSHIFT`]).
pub fn openshift(word: &str) -> bool {
    OPENSHIFT
        .iter()
        .map(Known::resource)
        .any(|k| k.matches(word))
}

/// The well-known custom resource `word` names, if any.
pub fn well_known(word: &str) -> Option<CustomResource> {
    WELL_KNOWN
        .iter()
        .map(Known::resource)
        .find(|k| k.matches(word))
}

/// The built-in type `word` is a typo of (`deploymnet` → `deployment`), if it is one:
/// one edit away (a swap of neighbouring letters counts as one) for words of 4 to 7
/// letters, two for longer ones; shorter words are too close to custom short names
/// (`vm`, `ro`, `cert`) to tell.
pub fn near_miss(word: &str) -> Option<String> {
    let w = word.to_ascii_lowercase();
    let base = w.split('.').next().unwrap_or("");
    let n = base.chars().count();
    let limit = match n {
        0..=3 => return None,
        4..=7 => 1,
        _ => 2,
    };
    let idx = index();
    let (d, c) = idx
        .tree
        .resources
        .iter()
        .flat_map(|r| {
            [
                r.name.clone(),
                r.singular.clone(),
                r.kind.to_ascii_lowercase(),
            ]
            .into_iter()
            .chain(r.short_names.iter().cloned())
        })
        .filter(|c| !c.is_empty())
        .map(|c| (typo_distance(base, &c), c))
        .min()?;
    // `nodes.metrics.k8s.io`-like names of a built-in type in another group are not typos.
    (1..=limit).contains(&d).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_covers_every_form() {
        let c = CustomResource::from_word("certificates.cert-manager.io");
        for w in [
            "certificate",
            "certificates",
            "cert",
            "certificates.cert-manager.io",
            "certificates.v1.cert-manager.io",
            "Certificate",
        ] {
            assert!(c.matches(w), "{w}");
        }
        assert!(!c.matches("certificates.example.com"));
        assert!(!c.matches("issuers"));
        let canary = CustomResource::from_word("canary");
        for w in ["canary", "canaries", "canaries.flagger.app"] {
            assert!(canary.matches(w), "{w}");
        }
        let p = CustomResource::from_word("policies.kyverno.io");
        assert!(p.matches("policy") && p.matches("policies.kyverno.io"));
        assert!(!p.matches("policies.example.com"));
        assert_eq!(
            CustomResource::from_word("vmi").qualified(),
            "virtualmachineinstances.kubevirt.io"
        );
    }

    #[test]
    fn typos_of_built_in_types() {
        assert_eq!(near_miss("deploymnet").as_deref(), Some("deployment"));
        assert_eq!(near_miss("pdos").as_deref(), Some("pods"));
        assert_eq!(near_miss("statefulsett").as_deref(), Some("statefulset"));
        assert_eq!(near_miss("deploymnet.apps").as_deref(), Some("deployment"));
        for custom in [
            "vmi",
            "cert",
            "certificates",
            "virtualmachines",
            "ro",
            "kafkatopics",
            "nodes",
        ] {
            assert_eq!(near_miss(custom), None, "{custom}");
        }
    }
}
