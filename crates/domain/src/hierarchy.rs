//! Parent and child links between pledges: no pledge may become its own ancestor.

use crate::error::{DomainError, DomainResult};
use crate::text::Slug;
use std::collections::{HashMap, HashSet};

/// Checks that linking `child` under `parent` keeps the tree a tree, given every existing
/// link (`parent_of` answers for any pledge, `None` for a root).
pub fn check_parent_link<'a>(
    child: &Slug,
    parent: &'a Slug,
    parent_of: impl Fn(&Slug) -> Option<&'a Slug>,
) -> DomainResult<()> {
    let mut seen = HashSet::new();
    let mut cursor = Some(parent);
    while let Some(current) = cursor {
        if current == child || !seen.insert(current) {
            return Err(DomainError::ParentCycle {
                child: child.to_string(),
                parent: parent.to_string(),
            });
        }
        cursor = parent_of(current);
    }
    Ok(())
}

/// Checks a whole set of links at once, as a seed or import brings them.
pub fn check_no_cycles(links: &HashMap<Slug, Slug>) -> DomainResult<()> {
    for (child, parent) in links {
        check_parent_link(child, parent, |s| links.get(s))?;
    }
    Ok(())
}
