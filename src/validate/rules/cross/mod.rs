//! Rules across files, over the compact index of the registry and the
//! articles' summaries (`crate::validate::cross`): each rule's `check`
//! reads the index, never whole documents.

pub mod id_reused;
pub mod meeting_conflict;
pub mod participation_timeline;
pub mod retired_reference;
pub mod role_entity_kind;
pub mod unused_entity;
