//! The parses of a kubectl command against the command trees, kept with the command
//! (in its model's `analysis` slot) so the rules do not parse it again: the default
//! version's, made when the model is built; each other version's, made when first
//! asked for; and [`Kubectl::valid_on`], from them.

use super::parse::{parse_words, parse_words_in, Invocation};
use super::tree::{history, index, index_for, Version};
use crate::model::{Analysis, Kubectl};
use std::sync::{Arc, OnceLock};

/// What the analysis keeps of one command.
#[derive(Debug, Default)]
struct Parses {
    /// Against the default tree, from the model's build (none when read from JSON).
    main: Option<Arc<Invocation>>,
    /// Against each version's tree, each made when first asked for.
    by_version: OnceLock<Box<[OnceLock<Arc<Invocation>>]>>,
}

/// The slot of a command built with its parse `inv`.
pub fn kept(inv: Arc<Invocation>) -> Analysis {
    Analysis::with(Parses {
        main: Some(inv),
        by_version: OnceLock::new(),
    })
}

impl Kubectl {
    fn parses(&self) -> &Parses {
        self.analysis
            .get_or_init(Parses::default)
            .expect("only this module fills a command's analysis slot")
    }

    /// The versions rbc knows on which kubectl accepts this command (no problem it
    /// finds without a server), when that is some but not all of them.
    pub fn valid_on(&self) -> Option<Vec<String>> {
        self.valid_on
            .0
            .get_or_init(|| self.compute_valid_on().map(Vec::into_boxed_slice))
            .clone()
            .map(Vec::from)
    }

    fn compute_valid_on(&self) -> Option<Vec<String>> {
        let h = history();
        // Parses made here are not kept: the JSON of a large corpus would otherwise
        // hold nine parses of every command until the end of the build.
        let ok: Vec<Version> = h
            .all()
            .filter(|v| self.parse_once(*v).problems.iter().all(|p| p.online_only))
            .collect();
        (!ok.is_empty() && ok.len() < h.versions.len())
            .then(|| ok.iter().map(|v| h.minor(*v).to_string()).collect())
    }

    /// The parse of `argv` against the command tree.
    pub fn invocation(&self) -> Arc<Invocation> {
        match &self.parses().main {
            Some(i) => i.clone(),
            None => Arc::new(parse_words(&self.argv.to_vec(), &self.expansions)),
        }
    }

    /// The parse against version `v`: the kept one when there is one, else a new one
    /// that is not kept.
    fn parse_once(&self, v: Version) -> Arc<Invocation> {
        if let Some(i) = &self.parses().main {
            if index().version == v {
                return i.clone();
            }
        }
        if let Some(i) = self
            .parses()
            .by_version
            .get()
            .and_then(|slots| slots.get(usize::from(v.0)))
            .and_then(|slot| slot.get())
        {
            return i.clone();
        }
        Arc::new(parse_words_in(
            index_for(v),
            &self.argv.to_vec(),
            &self.expansions,
        ))
    }

    /// The parse of `argv` against the tree of kubectl version `v`.
    pub fn invocation_for(&self, v: Version) -> Arc<Invocation> {
        if let Some(i) = &self.parses().main {
            if index().version == v {
                return i.clone();
            }
        }
        let slots = self
            .parses()
            .by_version
            .get_or_init(|| history().all().map(|_| OnceLock::new()).collect());
        slots[usize::from(v.0)]
            .get_or_init(|| {
                Arc::new(parse_words_in(
                    index_for(v),
                    &self.argv.to_vec(),
                    &self.expansions,
                ))
            })
            .clone()
    }
}
